package io.vth.helm;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips the class when Testcontainers finds no Docker (or compatible) engine. {@code
 * VTH_E2E_REQUIRED} does not turn this skip into a failure: it is about network namespaces and the
 * kube-apiserver binaries, which these machines have, while they have no container engine.
 */
public class DockerAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    if (docker) {
      return ConditionEvaluationResult.enabled("Docker available");
    }
    String reason =
        "vth k3s E2E skipped: no Docker here (Testcontainers found no container engine)."
            + " VTH_E2E_REQUIRED does not make this a failure: it is about network namespaces and"
            + " the kube-apiserver binaries. To run it: helm/README.md, 'The k3s tier'.";
    System.out.println("[vth-k3s] " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }
}
