package io.vth.kubetest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The network of one test cluster, like kind's node containers but with network namespaces only: a
 * host bridge {@code vthkc<k>} holding {@code 172.30.<k>.1/24} (the API server's address and the
 * source of every packet the host sends), and per node a namespace {@code vthkc<k>-<letter>} with a
 * veth ({@code eth0} inside) at {@code 172.30.<k>.<11+i>}. Each node owns the pod range {@code
 * 10.<200+k>.<i+1>.0/24}; routes to it are set on the host and in every other node, so pods on
 * different nodes and the host reach every pod without encapsulation or NAT.
 *
 * <p>The slot {@code k} (0 to 15) is claimed with a lock file, so that parallel test JVMs get
 * separate bridges and ranges; a slot whose bridge or API server address is still in use (a cluster
 * that was not cleaned up) is skipped.
 */
final class ClusterNetwork implements AutoCloseable {
  /** The Service range (virtual: only kube-proxy rules inside the node namespaces know it). */
  static final String SERVICE_CIDR = "10.96.0.0/16";

  /** The cluster DNS Service address (kubelet's {@code clusterDNS}). */
  static final String DNS_IP = "10.96.0.10";

  private static final int SLOTS = 16;

  /** One node's names and addresses. */
  record NodeAddress(
      String name,
      String zone,
      String letter,
      String netns,
      String hostVeth,
      String ip,
      String podCidr,
      String podGateway) {}

  private final int slot;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final List<NodeAddress> nodes;

  private ClusterNetwork(int slot, FileChannel channel, FileLock lock, int nodeCount) {
    this.slot = slot;
    this.lockChannel = channel;
    this.lock = lock;
    List<NodeAddress> list = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      String letter = String.valueOf((char) ('a' + i));
      list.add(
          new NodeAddress(
              "node-" + letter,
              "zone-" + letter,
              letter,
              "vthkc" + slot + "-" + letter,
              "vthkc" + slot + "-" + letter,
              "172.30." + slot + "." + (11 + i),
              "10." + (200 + slot) + "." + (i + 1) + ".0/24",
              "10." + (200 + slot) + "." + (i + 1) + ".1"));
    }
    this.nodes = List.copyOf(list);
  }

  /**
   * Claims a free slot (a lock file in {@code /run/vth-kube-cluster} that this JVM holds, and no
   * bridge of that name left on the host) and plans {@code nodeCount} nodes in it.
   */
  static ClusterNetwork claim(int nodeCount) {
    if (nodeCount < 1 || nodeCount > 9) {
      throw new IllegalArgumentException("between 1 and 9 nodes, not " + nodeCount);
    }
    Path lockDir = Path.of("/run/vth-kube-cluster");
    try {
      Files.createDirectories(lockDir);
      for (int k = 0; k < SLOTS; k++) {
        FileChannel ch =
            FileChannel.open(
                lockDir.resolve("slot-" + k + ".lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
          l = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
          l = null;
        }
        if (l != null
            && !Files.exists(Path.of("/sys/class/net/vthkc" + k))
            && !listening("172.30." + k + ".1")) {
          return new ClusterNetwork(k, ch, l, nodeCount);
        }
        if (l != null) {
          l.release();
        }
        ch.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim a cluster slot in " + lockDir, e);
    }
    throw new IllegalStateException(
        "all " + SLOTS + " cluster slots are taken (bridges vthkc0..vthkc15 exist)");
  }

  /**
   * Whether a TCP socket listens on {@code ip} in this network namespace: a process left from a
   * cluster that was not cleaned up (its bridge gone) still holds the address and port 6443.
   */
  static boolean listening(String ip) {
    String[] b = ip.split("\\.");
    String hex =
        String.format(
            "%02X%02X%02X%02X:",
            Integer.parseInt(b[3]),
            Integer.parseInt(b[2]),
            Integer.parseInt(b[1]),
            Integer.parseInt(b[0]));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[1].startsWith(hex) && f[3].equals("0A")) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  int slot() {
    return slot;
  }

  List<NodeAddress> nodes() {
    return nodes;
  }

  String bridge() {
    return "vthkc" + slot;
  }

  /** The host's address on the bridge: the API server binds it. */
  String hostIp() {
    return "172.30." + slot + ".1";
  }

  /** The range every node's pod range is part of (the controller manager's cluster CIDR). */
  String clusterCidr() {
    return "10." + (200 + slot) + ".0.0/16";
  }

  /** Creates the bridge, the namespaces, the veths, the addresses, the routes and the sysctls. */
  void setUp() {
    String br = bridge();
    Sh.run("ip", "link", "add", br, "type", "bridge");
    Sh.run("ip", "addr", "add", hostIp() + "/24", "dev", br);
    Sh.run("ip", "link", "set", br, "up");
    for (NodeAddress n : nodes) {
      Sh.run("ip", "netns", "add", n.netns());
      Sh.run(
          "ip",
          "link",
          "add",
          n.hostVeth(),
          "type",
          "veth",
          "peer",
          "name",
          "eth0",
          "netns",
          n.netns());
      Sh.run("ip", "link", "set", n.hostVeth(), "master", br, "up");
      Sh.run("ip", "-n", n.netns(), "addr", "add", n.ip() + "/24", "dev", "eth0");
      Sh.run("ip", "-n", n.netns(), "link", "set", "eth0", "up");
      Sh.run("ip", "-n", n.netns(), "link", "set", "lo", "up");
      Sh.run("ip", "-n", n.netns(), "route", "add", "default", "via", hostIp());
      // Pods reach other nodes and Services through the node's stack; bridged pod traffic must
      // pass iptables so that kube-proxy's DNAT is undone on replies between pods of one node.
      Sh.run(
          "ip",
          "netns",
          "exec",
          n.netns(),
          "sysctl",
          "-q",
          "-w",
          "net.ipv4.ip_forward=1",
          "net.bridge.bridge-nf-call-iptables=1",
          "net.ipv4.conf.all.rp_filter=0");
      Sh.run("ip", "route", "add", n.podCidr(), "via", n.ip(), "dev", br);
    }
    for (NodeAddress n : nodes) {
      for (NodeAddress other : nodes) {
        if (other != n) {
          Sh.run("ip", "-n", n.netns(), "route", "add", other.podCidr(), "via", other.ip());
        }
      }
    }
  }

  /** Shell lines that kill whatever still runs in the node namespaces. */
  List<String> killLines() {
    List<String> lines = new ArrayList<>();
    for (NodeAddress n : nodes) {
      lines.add("ip netns pids " + n.netns() + " 2>/dev/null | xargs -r kill -9 2>/dev/null");
    }
    return lines;
  }

  /**
   * Shell lines that remove what {@link #setUp()} made (run after every process in the namespaces
   * is gone): the namespaces (and with them the veths) and the bridge (and with it the routes).
   */
  List<String> removeLines() {
    List<String> lines = new ArrayList<>();
    for (NodeAddress n : nodes) {
      lines.add("ip netns del " + n.netns() + " 2>/dev/null");
      lines.add("ip link del " + n.hostVeth() + " 2>/dev/null");
    }
    lines.add("ip link del " + bridge() + " 2>/dev/null");
    return lines;
  }

  /** Releases the slot (after teardown). */
  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException ignored) {
      // the JVM's exit releases it anyway
    }
  }
}
