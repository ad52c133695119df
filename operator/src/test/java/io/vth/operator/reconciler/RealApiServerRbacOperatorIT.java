package io.vth.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vth.operator.realapi.RealApiServerAvailable;
import io.vth.operator.realapi.SsaOnRealApiServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same scenario with the operator acting as the Helm chart's ServiceAccount {@code
 * vth-system/vth-operator}, bound to exactly the ClusterRoles and Roles the chart in {@code
 * helm/vth} renders (real Helm, default values): a permission missing from the chart makes a call
 * fail with 403 and the scenario time out.
 */
@ExtendWith(RealApiServerAvailable.class)
@QuarkusTest
@TestProfile(SsaOnRealApiServer.WithChartRbac.class)
class RealApiServerRbacOperatorIT extends RealApiServerScenario {

  /** The operator's own client. */
  @Inject KubernetesClient operatorClient;

  @Test
  void theOperatorsClientIsLimitedToTheChartsRules() {
    // PersistentVolumeClaims are in no rule: the API server refuses the operator's identity.
    assertForbidden(() -> operatorClient.persistentVolumeClaims().inNamespace(ns).list());
    // Pods are only read, never deleted; Leases only in the release namespace.
    assertForbidden(() -> operatorClient.pods().inNamespace(ns).withName("any").delete());
    assertForbidden(() -> operatorClient.leases().inNamespace(ns).list());
  }

  private static void assertForbidden(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("system:serviceaccount:vth-system:vth-operator")
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }
}
