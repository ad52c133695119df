package io.vth.e2e.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Linux kernel doing the hub's job: what a user would otherwise run, and the baseline for
 * benchmarks. Lives entirely in the lab's {@link NetnsLab#hubNamespace() hub namespace}, which
 * holds the veths' host ends: for each attached network a kernel VXLAN interface {@code hvx<index>}
 * (same VNI, remote = the namespace's veth address, local = the hub address) carrying the gateway
 * address, with IPv4 forwarding on. Kernel VXLAN interfaces answer ARP for their own addresses, so
 * no user-space code is involved. Networks are reachable through the hub only for prefixes added
 * with {@link #route}; an attached network without routes is isolated.
 *
 * <p>Nothing to close: the devices go away with the lab's hub namespace.
 */
public final class KernelHub {
  private final NetnsLab lab;
  private final String namespace;
  private final Map<String, String> devices = new LinkedHashMap<>();
  private final List<String> routes = new ArrayList<>();

  private KernelHub(NetnsLab lab, String namespace) {
    this.lab = lab;
    this.namespace = namespace;
  }

  /**
   * Turns the lab's hub namespace into a router. The lab must come from {@code
   * createWithHubNamespace()}.
   */
  public static KernelHub start(NetnsLab lab) {
    String ns =
        lab.hubNamespace()
            .orElseThrow(
                () ->
                    new LabException(
                        "a kernel hub needs a lab made by NetnsLab.createWithHubNamespace()"));
    lab.exec(ns, NetnsLab.IP_TIMEOUT, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward")
        .orThrow();
    return new KernelHub(lab, ns);
  }

  /** The hub's namespace ({@code vthe2e-<run>-hub}). */
  public String namespace() {
    return namespace;
  }

  /** Name of the hub's VXLAN interface for {@code network}, once attached. */
  public String device(Network network) {
    String dev = devices.get(network.name());
    if (dev == null) {
      throw new LabException("network " + network.name() + " is not attached to the kernel hub");
    }
    return dev;
  }

  /** Prefixes routed so far, as "PREFIX via NETWORK". */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  /**
   * Creates the hub's end of the network's tunnel and puts the gateway address on it. The network
   * can then reach the gateway (ping, ARP) but nothing beyond it until routes exist.
   */
  public synchronized KernelHub attach(Network network) {
    if (devices.containsKey(network.name())) {
      throw new LabException("network " + network.name() + " is attached already");
    }
    String dev = "hvx" + network.index();
    if (!network.hubAddress().equals(network.vethHostAddress())) {
      // the namespace sends to a hub address other than its veth peer: own it here
      ip("addr", "replace", network.hubAddress() + "/32", "dev", "lo");
    }
    ip(
        "link",
        "add",
        dev,
        "type",
        "vxlan",
        "id",
        Integer.toString(network.vni()),
        "remote",
        network.vethNamespaceAddress(),
        "local",
        network.hubAddress(),
        "dstport",
        Integer.toString(network.hubPort()),
        "nolearning");
    devices.put(network.name(), dev);
    ip("link", "set", dev, "mtu", Integer.toString(network.mtu()), "up");
    ip("addr", "add", network.gatewayCidr(), "dev", dev);
    return this;
  }

  /** Routes {@code prefix} to {@code network} (via its on-link address on its tunnel). */
  public synchronized KernelHub route(String prefix, Network network) {
    String canonical = Ip4.Prefixed.parse(prefix).networkText();
    ip("route", "add", canonical, "via", network.onLinkAddress(), "dev", device(network));
    routes.add(canonical + " via " + network.name());
    return this;
  }

  /** {@link #attach} and {@link #route} the network's own prefix. */
  public KernelHub attachAndRoute(Network network) {
    attach(network);
    return route(network.cidr(), network);
  }

  /** Runs a command in the hub's namespace (e.g. {@code ip -s link}, {@code tcpdump}). */
  public ProcessResult exec(Duration timeout, String... command) {
    return lab.exec(namespace, timeout, command);
  }

  private void ip(String... args) {
    lab.ip(namespace, args);
  }
}
