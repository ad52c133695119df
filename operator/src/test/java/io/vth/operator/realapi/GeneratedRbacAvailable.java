package io.vth.operator.realapi;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the class when {@code operator/target/kubernetes/kubernetes.yml} is missing: Quarkus writes
 * the operator's RBAC manifests only in the production build ({@code package} phase, after the
 * tests of a first {@code verify}), never during test augmentation.
 */
public class GeneratedRbacAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Path manifests = RealApiServerResource.generatedManifests();
    if (Files.isRegularFile(manifests)) {
      return ConditionEvaluationResult.enabled("generated RBAC in " + manifests);
    }
    String reason =
        "vth generated-RBAC operator test skipped: "
            + manifests
            + " does not exist yet (Quarkus writes it in the package phase: run"
            + " `./mvnw -pl operator package -DskipTests` once, then the tests)";
    System.out.println("[vth-kube-test] " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }
}
