package io.vth.operator.model;

import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may reach a cell's pods: the cell's NetworkPolicy, read as the network plugin reads it. */
class CellNetworkPolicyTest {

  private static final OperatorSettings ON =
      new OperatorSettings("decision:1", "dataplane:1", "IfNotPresent", "ClusterIP");

  private static final OperatorSettings OFF =
      new OperatorSettings(
          "decision:1",
          "dataplane:1",
          "IfNotPresent",
          "ClusterIP",
          CellPodSettings.defaults(),
          false);

  private static final Map<String, String> CORP_DATAPLANE =
      CellLabels.podSelector("corp", CellLabels.ROLE_DATAPLANE, "a");

  private static final Map<String, String> CORP_DECISION =
      CellLabels.podSelector("corp", CellLabels.ROLE_DECISION, "b");

  private VirtualTrafficHub corp;
  private CellLayout layout;
  private NetworkPolicy policy;

  @BeforeEach
  void corpCell() {
    corp = hub("net", "corp", "a", "b");
    corp.getMetadata().setUid("uid-corp");
    layout = CellLayout.of("corp", corp.getSpec().cell, Set.of());
    policy = CellNetworkPolicy.of(corp, layout);
  }

  @Test
  void selectsEveryPodOfTheCellAndIsOwnedByTheHub() {
    assertThat(policy.getApiVersion()).isEqualTo("networking.k8s.io/v1");
    assertThat(policy.getMetadata().getName()).isEqualTo("corp-cell");
    assertThat(policy.getMetadata().getName())
        .isEqualTo(ObjectNames.cellNetworkPolicy(layout.cell()));
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("net");
    assertThat(policy.getMetadata().getLabels())
        .containsEntry(CellLabels.INSTANCE, "corp")
        .containsEntry(CellLabels.COMPONENT, CellNetworkPolicy.COMPONENT)
        .containsEntry(CellLabels.MANAGED_BY, CellLabels.MANAGER);
    assertThat(policy.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getUid()).isEqualTo("uid-corp");
              assertThat(r.getController()).isTrue();
            });
    LabelSelector selector = policy.getSpec().getPodSelector();
    assertThat(selector.getMatchLabels()).containsExactly(Map.entry(CellLabels.CELL, "corp"));
    assertThat(selector.getMatchExpressions()).isNullOrEmpty();
    // Only ingress is restricted: the pods still send tunnels out and read their config.
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getEgress()).isNullOrEmpty();
  }

  @Test
  void theCellsOwnPodsMayQueryDecisionPodsAndShareNeighbours() {
    assertThat(admits(CORP_DATAPLANE, "net", "UDP", CellLabels.QUERY_PORT)).isTrue();
    assertThat(admits(CORP_DATAPLANE, "net", "UDP", CellLabels.PEER_PORT)).isTrue();
    assertThat(admits(CORP_DECISION, "net", "UDP", CellLabels.QUERY_PORT)).isTrue();
  }

  @Test
  void noOtherPodMayQueryOrShare() {
    Map<String, String> otherCell = CellLabels.podSelector("edge", CellLabels.ROLE_DATAPLANE, "a");
    for (int port : List.of(CellLabels.QUERY_PORT, CellLabels.PEER_PORT)) {
      assertThat(admits(otherCell, "net", "UDP", port)).as("another cell, %d", port).isFalse();
      assertThat(admits(CORP_DATAPLANE, "elsewhere", "UDP", port))
          .as("the cell's labels in another namespace, %d", port)
          .isFalse();
      assertThat(admits(Map.of(), "net", "UDP", port)).as("any pod, %d", port).isFalse();
      assertThat(admits(null, null, "UDP", port)).as("outside the cluster, %d", port).isFalse();
      assertThat(admits(CORP_DATAPLANE, "net", "TCP", port)).as("TCP %d", port).isFalse();
    }
  }

  @Test
  void tunnelsAndHttpAreOpenToAnySource() {
    for (Map<String, String> labels : List.of(CORP_DATAPLANE, Map.of("app", "prometheus"))) {
      assertThat(admits(labels, "monitoring", "UDP", CellLabels.VXLAN_PORT)).isTrue();
      assertThat(admits(labels, "monitoring", "TCP", CellLabels.HTTP_PORT)).isTrue();
    }
    // Remote networks and the kubelet: sources outside any namespace.
    assertThat(admits(null, null, "UDP", CellLabels.VXLAN_PORT)).isTrue();
    assertThat(admits(null, null, "TCP", CellLabels.HTTP_PORT)).isTrue();
    assertThat(admits(null, null, "TCP", CellLabels.VXLAN_PORT)).isFalse();
    assertThat(admits(null, null, "UDP", CellLabels.HTTP_PORT)).isFalse();
  }

  @Test
  void nothingElseIsAdmitted() {
    // Every rule names its ports (a rule without ports would open all of them) and single ports.
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertThat(rule.getPorts()).isNotEmpty().allSatisfy(p -> assertThat(p.getEndPort()).isNull());
    }
    Set<String> open = new HashSet<>();
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      String from = rule.getFrom() == null || rule.getFrom().isEmpty() ? "anywhere" : "cell";
      for (NetworkPolicyPort p : rule.getPorts()) {
        open.add(from + " " + p.getProtocol() + "/" + p.getPort().getIntVal());
      }
    }
    assertThat(open)
        .containsExactlyInAnyOrder(
            "cell UDP/4791", "cell UDP/4792", "anywhere UDP/4789", "anywhere TCP/8080");
    for (int port : List.of(22, 53, 443, 4790, 8081, 9090)) {
      for (String protocol : List.of("TCP", "UDP", "SCTP")) {
        assertThat(admits(CORP_DATAPLANE, "net", protocol, port))
            .as("%s/%d", protocol, port)
            .isFalse();
      }
    }
  }

  @Test
  void everyPortTheCellsContainersDeclareIsReachable() {
    for (var d : CellWorkloads.deployments(corp, layout, ON)) {
      var pod = d.getSpec().getTemplate();
      Map<String, String> labels = pod.getMetadata().getLabels();
      assertThat(policy.getSpec().getPodSelector().getMatchLabels().entrySet())
          .as("%s selected", d.getMetadata().getName())
          .isSubsetOf(labels.entrySet());
      for (var port : pod.getSpec().getContainers().get(0).getPorts()) {
        assertThat(admits(CORP_DATAPLANE, "net", port.getProtocol(), port.getContainerPort()))
            .as("%s %s/%d", d.getMetadata().getName(), port.getProtocol(), port.getContainerPort())
            .isTrue();
      }
    }
  }

  @Test
  void theSettingOffWantsNoPolicyAndRemovesOnlyTheHubsOwn() {
    assertThat(CellNetworkPolicy.desired(corp, layout, ON)).isPresent();
    assertThat(CellNetworkPolicy.desired(corp, layout, OFF)).isEmpty();

    assertThat(CellNetworkPolicy.stale(corp, policy, OFF)).as("applied before, now off").isTrue();
    assertThat(CellNetworkPolicy.stale(corp, policy, ON)).as("on: kept").isFalse();
    assertThat(CellNetworkPolicy.stale(corp, null, OFF)).as("none there").isFalse();
    VirtualTrafficHub other = hub("net", "corp");
    other.getMetadata().setUid("uid-of-an-earlier-hub");
    assertThat(CellNetworkPolicy.stale(other, policy, OFF)).as("another owner's").isFalse();
    NetworkPolicy unowned = CellNetworkPolicy.of(corp, layout);
    unowned.getMetadata().setOwnerReferences(null);
    assertThat(CellNetworkPolicy.stale(corp, unowned, OFF)).as("nobody's").isFalse();
  }

  /**
   * Whether the policy admits a connection to a cell pod from a pod with {@code labels} in {@code
   * namespace} (both null: a source outside the cluster), as NetworkPolicy defines it for the peers
   * this policy may use (pod selectors in its namespace, or no peers at all).
   */
  private boolean admits(Map<String, String> labels, String namespace, String protocol, int port) {
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      boolean portMatches =
          rule.getPorts().stream()
              .anyMatch(p -> p.getProtocol().equals(protocol) && p.getPort().getIntVal() == port);
      if (portMatches && sourceMatches(rule.getFrom(), labels, namespace)) {
        return true;
      }
    }
    return false;
  }

  private boolean sourceMatches(
      List<NetworkPolicyPeer> from, Map<String, String> labels, String namespace) {
    if (from == null || from.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPeer peer : from) {
      assertThat(peer.getIpBlock()).as("no ipBlock peers").isNull();
      assertThat(peer.getNamespaceSelector()).as("no namespace selectors").isNull();
      LabelSelector s = peer.getPodSelector();
      assertThat(s.getMatchExpressions()).isNullOrEmpty();
      if (labels != null
          && policy.getMetadata().getNamespace().equals(namespace)
          && labels.entrySet().containsAll(s.getMatchLabels().entrySet())) {
        return true;
      }
    }
    return false;
  }
}
