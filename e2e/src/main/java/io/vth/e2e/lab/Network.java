package io.vth.e2e.lab;

import java.util.List;

/**
 * One isolated network made by {@link NetnsLab#network(String)}: a network namespace with a veth to
 * the underlay (host side {@link #vethHostAddress()}, namespace side {@link
 * #vethNamespaceAddress()}, both in one /30) and a kernel VXLAN interface {@link #vxlanDevice()}
 * whose remote is the hub.
 *
 * @param name the short name given to the builder ("a")
 * @param index position in the lab (0, 1, ...), used in interface names
 * @param namespace the network namespace ("vthe2e-k3x9-a")
 * @param vni VXLAN network identifier of this attachment
 * @param cidr the network's own prefix, canonical ("192.168.1.0/24")
 * @param hostAddress the address of the one host in the network ("192.168.1.10"), on vx0 with the
 *     cidr's prefix length
 * @param gatewayAddress the hub's gateway address on this segment ("169.254.10.1")
 * @param onLinkAddress the namespace's address in the gateway's small prefix ("169.254.10.2")
 * @param onLinkPrefixLength prefix length of the gateway segment (30)
 * @param routes prefixes of other networks routed {@code via gateway dev vx0 src hostAddress}
 * @param hubAddress where the namespace's VXLAN sends (the tunnel remote)
 * @param hubPort the UDP destination port of the VXLAN tunnel
 * @param mtu MTU of the VXLAN interface (the veth has at least mtu + 50)
 * @param vethHostName the veth end in the underlay ("vthek3x9h0")
 * @param vethHostAddress the underlay address of the veth end ("10.254.0.1")
 * @param vethNamespaceAddress the namespace's underlay address ("10.254.0.2"): the tunnel remote a
 *     hub must use for this network, and the outer source of its VXLAN packets
 * @param vethPrefixLength prefix length of the veth link (30)
 */
public record Network(
    String name,
    int index,
    String namespace,
    int vni,
    String cidr,
    String hostAddress,
    String gatewayAddress,
    String onLinkAddress,
    int onLinkPrefixLength,
    List<String> routes,
    String hubAddress,
    int hubPort,
    int mtu,
    String vethHostName,
    String vethHostAddress,
    String vethNamespaceAddress,
    int vethPrefixLength) {

  /** Name of the VXLAN interface inside the namespace. */
  public static final String VXLAN_DEVICE = "vx0";

  /** Name of the veth end inside the namespace. */
  public static final String VETH_DEVICE = "eth0";

  public Network {
    routes = List.copyOf(routes);
  }

  public String vxlanDevice() {
    return VXLAN_DEVICE;
  }

  /** The gateway with its prefix length, as the hub carries it ("169.254.10.1/30"). */
  public String gatewayCidr() {
    return gatewayAddress + "/" + onLinkPrefixLength;
  }
}
