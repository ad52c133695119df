package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;

/**
 * Where a network must send its VXLAN traffic to reach its attachment's Service, as a remote
 * network sees it, or why there is no such place yet.
 *
 * @param address the address (or DNS name) to target, or null while pending
 * @param port the UDP port to target, or null while pending
 * @param pending why there is no address yet, or null
 */
public record EndpointReach(String address, Integer port, String pending) {

  /** A reachable endpoint. */
  public static EndpointReach at(String address, int port) {
    return new EndpointReach(address, port, null);
  }

  /** No endpoint yet, for the reason given. */
  public static EndpointReach pending(String why) {
    return new EndpointReach(null, null, why);
  }

  /** Whether there is an address to send to. */
  public boolean reachable() {
    return pending == null;
  }

  @Override
  public String toString() {
    return reachable() ? address + ":" + port : "pending (" + pending + ")";
  }

  /**
   * The endpoint of {@code service} as written by the API server (with its node ports, cluster IP
   * and load balancer status):
   *
   * <ul>
   *   <li>LoadBalancer: the first ingress IP (else host name) at the Service port;
   *   <li>NodePort: the address of the node of the first ready pod of {@code shard} (in shard
   *       order) at the node port; with {@code externalTrafficPolicy: Local} only such nodes
   *       deliver, and they keep the network's address as the source;
   *   <li>ClusterIP: the cluster IP (else the Service's DNS name) at the Service port, reachable
   *       from inside the cluster only.
   * </ul>
   *
   * @param nodeAddresses each node's address a remote network can reach (ExternalIP, else
   *     InternalIP), by node name
   */
  public static EndpointReach of(
      Service service, List<ShardCandidate> shard, Map<String, String> nodeAddresses) {
    String ref = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    String type = service.getSpec().getType() == null ? "ClusterIP" : service.getSpec().getType();
    ServicePort port = vxlanPort(service);
    switch (type) {
      case "LoadBalancer" -> {
        List<LoadBalancerIngress> ingress =
            service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                ? List.of()
                : service.getStatus().getLoadBalancer().getIngress();
        for (LoadBalancerIngress i : ingress == null ? List.<LoadBalancerIngress>of() : ingress) {
          String address = i.getIp() != null ? i.getIp() : i.getHostname();
          if (address != null && !address.isBlank()) {
            return at(address, port.getPort());
          }
        }
        return pending("the LoadBalancer Service " + ref + " has no address yet");
      }
      case "NodePort" -> {
        if (port.getNodePort() == null) {
          return pending("the NodePort Service " + ref + " has no node port yet");
        }
        for (ShardCandidate p : shard) {
          if (p != null && p.ready() && p.node() != null && nodeAddresses.get(p.node()) != null) {
            return at(nodeAddresses.get(p.node()), port.getNodePort());
          }
        }
        return pending(
            "no ready dataplane pod of the shard runs on a node with an address for Service "
                + ref);
      }
      default -> {
        String ip = service.getSpec().getClusterIP();
        boolean hasIp = ip != null && !ip.isBlank() && !ip.equals("None");
        return at(
            hasIp
                ? ip
                : service.getMetadata().getName()
                    + "."
                    + service.getMetadata().getNamespace()
                    + ".svc",
            port.getPort());
      }
    }
  }

  private static ServicePort vxlanPort(Service service) {
    return service.getSpec().getPorts().stream()
        .filter(p -> "vxlan".equals(p.getName()))
        .findFirst()
        .orElseGet(() -> service.getSpec().getPorts().get(0));
  }
}
