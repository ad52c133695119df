package io.vth.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentStatus;
import io.vth.api.v1alpha1.TunnelSpec;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import io.vth.e2e.lab.NetnsLab;
import io.vth.e2e.lab.Network;
import io.vth.e2e.lab.PingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The example's isolated networks as network namespaces (one per Ready attachment, with the
 * attachment's CIDR, VNI, gateway and propagated routes), tunnelled by kernel VXLAN to the
 * dataplane pod that is the attachment's endpoint; and a ping check between them.
 *
 * <p>Each attachment's {@code spec.tunnel} is pointed at its namespace (its underlay address and
 * VXLAN port), so the hub sends the network's traffic there.
 */
final class LocalNetworks implements AutoCloseable {

  /** One network and what the check needs of it. */
  record Net(
      HubAttachment attachment,
      Network network,
      String target,
      List<HubAttachmentStatus.PropagatedRoute> routes) {
    String label() {
      return attachment.getMetadata().getName() + " (" + network.hostAddress() + ")";
    }
  }

  /** One line of the traffic check. */
  record Probe(Net from, Net to, boolean tested, boolean expected, boolean reached) {
    boolean asExpected() {
      return !tested || expected == reached;
    }

    String line() {
      String verdict =
          !tested
              ? "not tested (inside the sender's own range)"
              : reached
                  ? (expected ? "reached" : "REACHED (not expected)")
                  : (expected ? "NOT REACHED (expected to reach)" : "not reached (expected)");
      return from.attachment.getMetadata().getName()
          + " -> "
          + to.attachment.getMetadata().getName()
          + " "
          + to.target
          + ": "
          + verdict;
    }
  }

  private final NetnsLab lab = NetnsLab.create();
  private final List<Net> nets = new ArrayList<>();

  /** Why networks cannot be made here (not root, no ip), or empty. */
  static Optional<String> platformProblem() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          if (!f[1].equals("0")) {
            return Optional.of(
                "--networks needs root (it creates network namespaces and VXLAN interfaces);"
                    + " run as root, or leave --networks out");
          }
        }
      }
    } catch (IOException e) {
      return Optional.of("--networks needs Linux network namespaces: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** Creates a network for each Ready IPv4 attachment and points its tunnel at it. */
  void create(
      KubernetesClient client,
      Summary summary,
      List<HubAttachment> attachments,
      Consumer<String> progress) {
    Set<String> names = new HashSet<>();
    for (HubAttachment a : attachments) {
      HubAttachmentStatus s = a.getStatus();
      Optional<LocalKubelet.LocalPod> pod = summary.endpointPod(a);
      String cidr = a.getSpec().cidrs.isEmpty() ? null : a.getSpec().cidrs.get(0);
      if (s == null
          || s.vni == null
          || s.gateway == null
          || pod.isEmpty()
          || cidr == null
          || cidr.contains(":")
          || !Summary.isTrue(s.conditions, "Ready")) {
        progress.accept("no network for " + Summary.ref(a) + ": it is not Ready (or not IPv4)");
        continue;
      }
      String name = uniqueName(a.getMetadata().getName(), names);
      String host = hostIn(cidr, nets.size());
      List<HubAttachmentStatus.PropagatedRoute> routes =
          s.propagatedRoutes.stream().filter(r -> !r.prefix.contains(":")).toList();
      int port = pod.get().udpPort();
      Network n =
          lab.network(name)
              .vni(s.vni)
              .cidr(cidr)
              .host(host)
              .gateway(s.gateway.address)
              .routes(routes.stream().map(r -> r.prefix).toArray(String[]::new))
              .hubPort(port)
              .create();
      client
          .resources(HubAttachment.class)
          .inNamespace(a.getMetadata().getNamespace())
          .withName(a.getMetadata().getName())
          .edit(
              x -> {
                if (x.getSpec().tunnel == null) {
                  x.getSpec().tunnel = new TunnelSpec();
                }
                x.getSpec().tunnel.remote = n.vethNamespaceAddress();
                x.getSpec().tunnel.port = port;
                return x;
              });
      String target = host;
      for (HubAttachmentStatus.Translation t : s.translations) {
        if (t.from != null && t.to != null && contains(t.from, host)) {
          target = translate(host, t.from, t.to);
        }
      }
      nets.add(new Net(a, n, target, routes));
      progress.accept(
          "network "
              + n.namespace()
              + " for "
              + Summary.ref(a)
              + ": host "
              + host
              + " on "
              + cidr
              + ", VNI "
              + s.vni
              + ", tunnel "
              + n.vethNamespaceAddress()
              + ":"
              + port
              + " <-> "
              + n.vethHostAddress()
              + ":"
              + port);
    }
  }

  /** Whether the published decision config sends every network's traffic to its namespace. */
  boolean configPublished(KubernetesClient client) {
    Map<String, String> want = new LinkedHashMap<>();
    for (Net n : nets) {
      want.put(
          Summary.ref(n.attachment), n.network.vethNamespaceAddress() + ":" + n.network.hubPort());
    }
    Map<String, String> have = new LinkedHashMap<>();
    for (ConfigMap cm :
        client
            .configMaps()
            .inAnyNamespace()
            .withLabel("app.kubernetes.io/component")
            .list()
            .getItems()) {
      if (cm.getData() == null || !cm.getData().containsKey("decision-config.json")) {
        continue;
      }
      try {
        DecisionConfig c =
            DecisionConfigJson.parse(
                cm.getData().get("decision-config.json").getBytes(StandardCharsets.UTF_8));
        for (DecisionConfig.Hub h : c.hubs()) {
          for (DecisionConfig.Attachment a : h.attachments()) {
            have.put(a.name(), a.remote() + ":" + a.port());
          }
        }
      } catch (Exception e) {
        // not a decision config
      }
    }
    return want.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
  }

  /**
   * Pings every network's host from every other network. A ping is expected to reach when the
   * sender's most specific route covering the target leads to the target's attachment and the
   * target's route back to the sender's address leads to the sender; expected ones are retried
   * until {@code deadline}. A target inside the sender's own range is not tested. Pings not
   * expected to reach are sent to the hub all the same (through a host route via the gateway added
   * for the ping), so "not reached" means the hub did not deliver them.
   */
  List<Probe> check(long deadlineNanos) {
    List<Probe> out = new ArrayList<>();
    for (Net from : nets) {
      for (Net to : nets) {
        if (from == to) {
          continue;
        }
        if (contains(from.network.cidr(), to.target)) {
          out.add(new Probe(from, to, false, false, false));
          continue;
        }
        // both ways: the sender's route to the target leads to the target's network, and the
        // target's route back to the sender's (visible) address leads to the sender
        boolean expected = routesTo(from, to.target, to) && routesTo(to, from.target, from);
        boolean reached = false;
        if (expected) {
          do {
            PingResult r = lab.ping(from.network, to.target, 2);
            reached = r.received() > 0;
          } while (!reached && System.nanoTime() < deadlineNanos);
        } else {
          // send it to the hub anyway (a host route via the gateway), so the hub is what drops it
          String ns = from.network.namespace();
          String route = to.target + "/32";
          List<String> add =
              List.of(
                  "ip",
                  "route",
                  "add",
                  route,
                  "via",
                  from.network.gatewayAddress(),
                  "dev",
                  Network.VXLAN_DEVICE,
                  "src",
                  from.network.hostAddress());
          boolean routed = lab.exec(ns, add.toArray(String[]::new)).ok();
          try {
            reached = lab.ping(from.network, to.target, 2).received() > 0;
          } finally {
            if (routed) {
              lab.exec(ns, "ip", "route", "del", route);
            }
          }
        }
        out.add(new Probe(from, to, true, expected, reached));
      }
    }
    return out;
  }

  List<Net> nets() {
    return nets;
  }

  @Override
  public void close() {
    lab.close();
  }

  private static String uniqueName(String attachment, Set<String> used) {
    String base = attachment.toLowerCase().replaceAll("[^a-z0-9-]", "-");
    if (base.length() > 16) {
      base = base.substring(0, 16);
    }
    if (base.equals("hub") || !Character.isLetterOrDigit(base.charAt(0))) {
      base = "n" + base;
    }
    String name = base;
    for (int i = 2; !used.add(name); i++) {
      name = base + i;
    }
    return name;
  }

  /** Whether the longest route of {@code n} covering {@code address} leads to {@code owner}. */
  private static boolean routesTo(Net n, String address, Net owner) {
    HubAttachmentStatus.PropagatedRoute best = null;
    int bestLength = -1;
    for (HubAttachmentStatus.PropagatedRoute r : n.routes) {
      int length = Integer.parseInt(r.prefix.substring(r.prefix.indexOf('/') + 1));
      if (contains(r.prefix, address) && length > bestLength) {
        best = r;
        bestLength = length;
      }
    }
    return best != null && Summary.ref(owner.attachment).equals(best.origin);
  }

  /**
   * The host of the {@code index}-th network in {@code cidr}: its (10 + index)-th address, or the
   * first when the range is small. Distinct per network, so two networks using the same range have
   * different hosts and a reply tells which one answered.
   */
  static String hostIn(String cidr, int index) {
    int slash = cidr.indexOf('/');
    int len = Integer.parseInt(cidr.substring(slash + 1));
    int net = parse(cidr.substring(0, slash));
    long size = 1L << (32 - len);
    int offset = size > 64 + index ? 10 + index : 1;
    return format(net + offset);
  }

  static boolean contains(String cidr, String address) {
    int slash = cidr.indexOf('/');
    int len = Integer.parseInt(cidr.substring(slash + 1));
    int mask = len == 0 ? 0 : -1 << (32 - len);
    return (parse(cidr.substring(0, slash)) & mask) == (parse(address) & mask);
  }

  static String translate(String address, String from, String to) {
    int len = Integer.parseInt(from.substring(from.indexOf('/') + 1));
    int mask = len == 0 ? 0 : -1 << (32 - len);
    int a = parse(address);
    int t = parse(to.substring(0, to.indexOf('/')));
    return format((t & mask) | (a & ~mask));
  }

  static int parse(String s) {
    String[] p = s.trim().split("\\.");
    int a = 0;
    for (String x : p) {
      a = (a << 8) | Integer.parseInt(x);
    }
    return a;
  }

  static String format(int a) {
    return (a >>> 24 & 0xff) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
  }
}
