package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ingress a cell's pods accept, as one NetworkPolicy selecting every pod of the cell:
 *
 * <ul>
 *   <li>from the cell's own pods (same namespace): decision queries (UDP {@value
 *       CellLabels#QUERY_PORT}) and neighbour sharing between dataplane pods (UDP {@value
 *       CellLabels#PEER_PORT}); no other pod asks or shares;
 *   <li>from anywhere: VXLAN tunnels (UDP {@value CellLabels#VXLAN_PORT}, which only dataplane pods
 *       listen on), because remote networks reach them through the attachments' NodePort,
 *       LoadBalancer or ClusterIP Services with their own source addresses;
 *   <li>from anywhere: HTTP (TCP {@value CellLabels#HTTP_PORT}), for the kubelet's probes and
 *       Prometheus' scrapes, whose sources the cluster does not name.
 * </ul>
 *
 * Nothing else reaches the pods. Egress stays open (the pods answer tunnels and read their config
 * from the API server). The policy only takes effect where the cluster's network plugin enforces
 * NetworkPolicy; elsewhere the API server stores it and nothing changes.
 */
public final class CellNetworkPolicy {

  /** Component label of the policy. */
  public static final String COMPONENT = "network-policy";

  private CellNetworkPolicy() {}

  /** The policy of {@code layout}'s cell, or none when {@code settings} turn cell policies off. */
  public static Optional<NetworkPolicy> desired(
      VirtualTrafficHub hub, CellLayout layout, OperatorSettings settings) {
    return settings.cellNetworkPolicy() ? Optional.of(of(hub, layout)) : Optional.empty();
  }

  /**
   * Whether {@code current}, the object found under the policy's name (or null), must be deleted:
   * the setting is off and {@code hub} is its controller (an object of someone else is left alone).
   */
  public static boolean stale(
      VirtualTrafficHub hub, NetworkPolicy current, OperatorSettings settings) {
    if (settings.cellNetworkPolicy() || current == null) {
      return false;
    }
    String uid = hub.getMetadata().getUid();
    List<OwnerReference> owners = current.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                r -> Boolean.TRUE.equals(r.getController()) && Objects.equals(uid, r.getUid()));
  }

  /** The policy of {@code layout}'s cell, owned by {@code hub}. */
  public static NetworkPolicy of(VirtualTrafficHub hub, CellLayout layout) {
    Map<String, String> cellPods = Map.of(CellLabels.CELL, layout.cell());
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(ObjectNames.cellNetworkPolicy(layout.cell()))
        .withNamespace(hub.getMetadata().getNamespace())
        .withLabels(CellLabels.common(layout.cell(), COMPONENT))
        .withOwnerReferences(Owners.controller(hub))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(cellPods)
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .withIngress(
            fromCellPods(cellPods, udp(CellLabels.QUERY_PORT), udp(CellLabels.PEER_PORT)),
            fromAnywhere(udp(CellLabels.VXLAN_PORT)),
            fromAnywhere(port("TCP", CellLabels.HTTP_PORT)))
        .endSpec()
        .build();
  }

  /**
   * A rule admitting the pods {@code cellPods} selects, in the policy's namespace, on {@code
   * ports}.
   */
  private static NetworkPolicyIngressRule fromCellPods(
      Map<String, String> cellPods, NetworkPolicyPort... ports) {
    return new NetworkPolicyIngressRuleBuilder()
        .addNewFrom()
        .withNewPodSelector()
        .withMatchLabels(cellPods)
        .endPodSelector()
        .endFrom()
        .withPorts(List.of(ports))
        .build();
  }

  /** A rule without peers: any source, in or outside the cluster, on {@code ports}. */
  private static NetworkPolicyIngressRule fromAnywhere(NetworkPolicyPort... ports) {
    return new NetworkPolicyIngressRuleBuilder().withPorts(List.of(ports)).build();
  }

  private static NetworkPolicyPort udp(int port) {
    return port("UDP", port);
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }
}
