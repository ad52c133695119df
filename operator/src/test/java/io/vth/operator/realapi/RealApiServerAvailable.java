package io.vth.operator.realapi;

import io.vth.kubetest.KubeBinaries;
import java.util.Locale;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the class, before Quarkus starts anything, when there are no kube-apiserver binaries (the
 * same rule as {@code @WithKubeApiServer}: with {@code VTH_E2E_REQUIRED=1} or {@code
 * -Dvth.e2e.required=true} the skip is a failure). The server itself is started by {@link
 * RealApiServerResource}, as the operator's client must point at it before the application starts.
 */
public class RealApiServerAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    KubeBinaries.Found found = KubeBinaries.locate();
    if (found.binDir().isPresent()) {
      return ConditionEvaluationResult.enabled(
          "kube-apiserver binaries in " + found.binDir().get());
    }
    String required =
        context
            .getConfigurationParameter("vth.e2e.required")
            .filter(s -> !s.isBlank())
            .orElse(System.getenv("VTH_E2E_REQUIRED"));
    if (required != null
        && (required.strip().equals("1")
            || required.strip().toLowerCase(Locale.ROOT).equals("true"))) {
      throw new IllegalStateException(
          "vth real-API-server operator test cannot run and VTH_E2E_REQUIRED=1 forbids skipping it: "
              + found.problem());
    }
    String reason =
        "vth real-API-server operator test skipped: "
            + found.problem()
            + " (VTH_E2E_REQUIRED=1 turns this skip into a failure)";
    System.out.println("[vth-kube-test] " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }
}
