package io.vth.kubetest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's {@code teardown.sh}: one idempotent script, written before anything is created,
 * that removes everything the cluster made on the host. {@link KubeCluster#close()} runs it, and so
 * does a watchdog shell when the JVM dies without closing (SIGKILL, crash).
 *
 * <p>Order: kill every process of the cluster (the pids file, then all of the cluster's cgroups:
 * daemons, containerd, shims, containers, then anything left in the node namespaces); unmount
 * everything below the cluster folder, deepest first (kubelet volumes and its root bind mount,
 * container root filesystems, sandbox shm, pod network namespaces); remove the few host-wide files
 * containerd, CNI and the kubelet keep outside it; delete the node namespaces, veths and the bridge
 * (their routes go with them); remove the cgroups; delete the folder.
 */
final class ClusterTeardown {
  private final Path dir;
  private final Path script;
  private Process watchdog;

  ClusterTeardown(Path dir) {
    this.dir = dir;
    this.script = dir.resolve("teardown.sh");
  }

  /** Writes the script from the network's and cgroups' lines. */
  void write(ClusterNetwork network, ClusterCgroups cgroups) {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/sh");
    lines.add("# Removes test cluster " + network.slot() + " (" + dir + "); safe to run twice.");
    lines.add("D='" + dir + "'");
    // control-plane/pids: etcd and kube-apiserver. Their own watchdog stops them too, but when the
    // JVM dies it may find the folder already gone (this script removes it) and do nothing.
    lines.add(
        "for p in $(cat \"$D/pids\" \"$D/control-plane/pids\" 2>/dev/null); do"
            + " kill -9 \"$p\" 2>/dev/null; done");
    lines.addAll(cgroups.killLines());
    lines.addAll(network.killLines());
    // Host-wide files of the killed shims and pods, found by their ids: the shim sockets in
    // /run/containerd/s (named by sha256 of "<containerd socket>/<namespace>/<id>") and the CNI
    // result cache in /var/lib/cni/results ("<network>-<id>-<interface>").
    lines.add("for n in \"$D\"/node-*; do");
    lines.add(
        "  for id in $( (ls \"$n/containerd/state/io.containerd.runtime.v2.task/k8s.io\";"
            + " ls \"$n/containerd/root/io.containerd.grpc.v1.cri/sandboxes\") 2>/dev/null"
            + " | sort -u); do");
    lines.add(
        "    rm -f \"/run/containerd/s/$(printf '%s' \"$n/containerd.sock/k8s.io/$id\""
            + " | sha256sum | cut -d' ' -f1)\" /var/lib/cni/results/*-\"$id\"-* 2>/dev/null");
    lines.add("  done");
    lines.add("done");
    lines.add(
        "rmdir /run/containerd/s /run/containerd /var/lib/cni/results /var/lib/cni 2>/dev/null");
    // The kubelet's fixed host paths: container log links in /var/log/containers (those pointing
    // into this cluster), and the device plugin socket and checkpoint in
    // /var/lib/kubelet/device-plugins (each kubelet wipes that folder at start; removed only when
    // no kubelet runs any more).
    lines.add("find /var/log/containers -maxdepth 1 -lname \"$D/*\" -delete 2>/dev/null");
    lines.add("rmdir /var/log/containers 2>/dev/null");
    lines.add("if ! pgrep -x kubelet >/dev/null; then");
    lines.add(
        "  rm -f /var/lib/kubelet/device-plugins/kubelet.sock"
            + " /var/lib/kubelet/device-plugins/kubelet_internal_checkpoint");
    lines.add("  rmdir /var/lib/kubelet/device-plugins /var/lib/kubelet 2>/dev/null");
    lines.add("fi");
    lines.add(
        "awk -v d=\"$D/\" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r | while read -r"
            + " m; do umount -l \"$m\" 2>/dev/null; done");
    lines.addAll(network.removeLines());
    lines.addAll(cgroups.removeLines());
    lines.add("rm -rf \"$D\"");
    lines.add("exit 0");
    try {
      Files.writeString(script, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a shell that waits for this JVM to end and, if the cluster folder still exists then (no
   * close), runs the script.
   */
  void startWatchdog() {
    String sh =
        "while kill -0 \"$1\" 2>/dev/null && [ -d \"$2\" ]; do sleep 1; done; "
            + "if [ -f \"$2/teardown.sh\" ]; then sh \"$2/teardown.sh\"; fi";
    ProcessBuilder pb =
        new ProcessBuilder(
            "sh",
            "-c",
            sh,
            "vth-cluster-watchdog",
            Long.toString(ProcessHandle.current().pid()),
            dir.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      watchdog = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the cluster watchdog", e);
    }
  }

  /** Runs the script now (what close does). Returns its output when it failed. */
  String run() {
    if (!Files.exists(script)) {
      return "";
    }
    Sh.Result r = Sh.exec(List.of("sh", script.toString()));
    if (watchdog != null) {
      watchdog.destroy();
    }
    return r.ok() ? "" : r.output();
  }
}
