package io.vth.kubetest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cgroup v1 folders of one test cluster: {@code /vth-kc<k>} in every hierarchy, holding each
 * node's kubelet {@code cgroupRoot} ({@code /vth-kc<k>/node-<letter>}, where the kubelet makes its
 * {@code kubepods} tree), the node's containerd and its shims ({@code runtime-<letter>}) and the
 * other daemons ({@code daemons}). Two kubelets on one host would otherwise fight over {@code
 * /kubepods}. Every process the cluster starts lands below {@code /vth-kc<k>} in the {@code pids}
 * hierarchy, so teardown finds them all (containers included) without knowing their ids.
 */
final class ClusterCgroups {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private final String name;
  private final List<Path> hierarchies;
  private final Path tracking;

  ClusterCgroups(int slot) {
    this.name = "vth-kc" + slot;
    this.hierarchies = hierarchies();
    Path pids = ROOT.resolve("pids");
    this.tracking = Files.isDirectory(pids) ? pids : ROOT.resolve("memory");
  }

  /** Whether this host has cgroup v1 hierarchies (the only layout this class supports). */
  static String problem() {
    if (!Files.isRegularFile(ROOT.resolve("pids/cgroup.procs"))
        && !Files.isRegularFile(ROOT.resolve("memory/cgroup.procs"))) {
      return "no cgroup v1 pids or memory hierarchy under " + ROOT;
    }
    return null;
  }

  /** The kubelet's {@code cgroupRoot} for {@code letter}'s node. */
  String kubeletRoot(String letter) {
    return "/" + name + "/node-" + letter;
  }

  /** The {@code cgroup.procs} file a node's containerd (and so its shims) is moved into. */
  Path runtimeProcs(String letter) {
    return tracking.resolve(name + "/runtime-" + letter + "/cgroup.procs");
  }

  /** The {@code cgroup.procs} file the other daemons are moved into. */
  Path daemonProcs() {
    return tracking.resolve(name + "/daemons/cgroup.procs");
  }

  /** Creates the folders for {@code letters} in every hierarchy (cpuset values copied down). */
  void create(List<String> letters) {
    List<String> leaves = new ArrayList<>();
    leaves.add("daemons");
    for (String l : letters) {
      leaves.add("node-" + l);
      leaves.add("runtime-" + l);
    }
    for (Path h : hierarchies) {
      Path top = h.resolve(name);
      mkdir(h, top);
      for (String leaf : leaves) {
        mkdir(top, top.resolve(leaf));
      }
    }
  }

  /**
   * Shell lines that kill every process below the cluster's folder (daemons, containerd, shims,
   * containers; repeated because a dying shim may have started something).
   */
  List<String> killLines() {
    List<String> lines = new ArrayList<>();
    Path t = tracking.resolve(name);
    lines.add("for i in 1 2 3 4 5 6 7 8 9 10; do");
    lines.add("  p=$(find " + t + " -name cgroup.procs -exec cat {} + 2>/dev/null | tr '\\n' ' ')");
    lines.add("  [ -z \"$p\" ] && break");
    lines.add("  kill -9 $p 2>/dev/null; sleep 0.3");
    lines.add("done");
    return lines;
  }

  /** Shell lines that remove the cluster's folders in every hierarchy, deepest first. */
  List<String> removeLines() {
    List<String> lines = new ArrayList<>();
    for (Path h : hierarchies) {
      lines.add(
          "[ -d "
              + h.resolve(name)
              + " ] && find "
              + h.resolve(name)
              + " -depth -type d -exec rmdir {} + 2>/dev/null");
    }
    return lines;
  }

  private static void mkdir(Path parent, Path dir) {
    try {
      Files.createDirectories(dir);
      if (parent.getFileName() != null && dir.toString().contains("/cpuset/")) {
        for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
          Path mine = dir.resolve(f);
          if (Files.readString(mine).isBlank()) {
            Files.writeString(mine, Files.readString(parent.resolve(f)).strip());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cgroup " + dir, e);
    }
  }

  private static List<Path> hierarchies() {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(ROOT)) {
      s.filter(p -> Files.isRegularFile(p.resolve("cgroup.procs")))
          .filter(p -> !Files.exists(p.resolve("cgroup.controllers"))) // not a cgroup v2 mount
          .sorted()
          .forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + ROOT, e);
    }
    return out;
  }
}
