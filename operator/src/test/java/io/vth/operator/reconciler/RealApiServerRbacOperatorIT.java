package io.vth.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vth.operator.realapi.GeneratedRbacAvailable;
import io.vth.operator.realapi.RealApiServerAvailable;
import io.vth.operator.realapi.SsaOnRealApiServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same scenario with the operator acting as its ServiceAccount {@code vth-system/vth-operator},
 * bound to exactly the ClusterRoles Quarkus Operator SDK generated from the reconcilers' {@code
 * RBACRule}s ({@code target/kubernetes/kubernetes.yml}): a missing permission makes a call fail
 * with 403 and the scenario time out.
 */
@ExtendWith(RealApiServerAvailable.class)
@ExtendWith(GeneratedRbacAvailable.class)
@QuarkusTest
@TestProfile(SsaOnRealApiServer.WithGeneratedRbac.class)
class RealApiServerRbacOperatorIT extends RealApiServerScenario {

  /** The operator's own client. */
  @Inject KubernetesClient operatorClient;

  @Test
  void theOperatorsClientIsLimitedToTheGeneratedRules() {
    // Secrets are in no rule: the API server refuses the operator's identity.
    assertThatThrownBy(() -> operatorClient.secrets().inNamespace(ns).list())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("system:serviceaccount:vth-system:vth-operator")
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(
                        ((KubernetesClientException) e).getCode())
                    .isEqualTo(403));
  }
}
