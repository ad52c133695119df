package io.vth.operator.reconciler;

import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.operator.model.CellLabels;
import io.vth.operator.model.ObjectNames;
import io.vth.operator.model.OperatorSettings;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cell's NetworkPolicy against the Fabric8 mock API server: applied by default, and deleted by
 * a reconciler whose {@code vth.cell.network-policy} is off. That reconciler runs beside the
 * operator on the same beans, so the property need not be switched (which restarts Quarkus).
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class CellNetworkPolicyIT {

  @Inject KubernetesClient client;
  @Inject ClusterReader reader;
  @Inject ObjectWriter writer;
  @Inject EventRecorder events;
  @Inject OperatorMetrics metrics;
  @Inject VthConfig config;

  @Test
  void aCellGetsItsPolicyByDefaultAndTheSettingOffRemovesIt() {
    String ns = "netpol";
    OperatorHarness k8s = new OperatorHarness(client);
    k8s.namespaces(ns);
    k8s.create(hub(ns, "corp", "a"));
    String name = ObjectNames.cellNetworkPolicy("corp");

    k8s.eventually(
        () -> {
          assertThat(policy(ns, name)).as("NetworkPolicy " + name).isNotNull();
          assertThat(k8s.hub(ns, "corp").getStatus()).as("hub status").isNotNull();
        },
        ns);
    VirtualTrafficHub hub = k8s.hub(ns, "corp");
    NetworkPolicy applied = policy(ns, name);
    assertThat(applied.getSpec().getPodSelector().getMatchLabels())
        .containsExactlyEntriesOf(Map.of(CellLabels.CELL, "corp"));
    assertThat(applied.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(hub.getMetadata().getUid()));

    OperatorSettings on = config.settings();
    assertThat(on.cellNetworkPolicy()).as("vth.cell.network-policy defaults to true").isTrue();
    OperatorSettings off =
        new OperatorSettings(
            on.decisionImage(),
            on.dataplaneImage(),
            on.pullPolicy(),
            on.endpointServiceType(),
            on.pods(),
            false);
    new HubReconciler(client, reader, writer, events, metrics, off).reconcile(hub, null);

    assertThat(policy(ns, name)).as("NetworkPolicy after a reconciliation with it off").isNull();
    // The rest of the cell stays.
    assertThat(client.serviceAccounts().inNamespace(ns).withName(name).get()).isNotNull();
    assertThat(client.apps().deployments().inNamespace(ns).withName("corp-dataplane-a").get())
        .isNotNull();
  }

  private NetworkPolicy policy(String namespace, String name) {
    return client.network().v1().networkPolicies().inNamespace(namespace).withName(name).get();
  }
}
