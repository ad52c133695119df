package io.vth.kubetest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the cluster's long-running processes: each with its output in a log file, optionally in a
 * node's network namespace ({@code nsenter --net}, so it keeps the host's mount namespace: the
 * kubelet's volume mounts must be visible to containerd) and moved into a cgroup before it execs
 * (so teardown finds it and everything it forks). Pids are appended to a {@code pids} file.
 */
final class Daemons {
  private final Path pidsFile;
  private final List<Process> started = new ArrayList<>();

  Daemons(Path pidsFile) {
    this.pidsFile = pidsFile;
  }

  /**
   * Starts {@code command}, logging to {@code log}, inside {@code netns} (null: the host's) and in
   * the cgroup whose {@code cgroup.procs} is {@code procs} (null: the caller's).
   */
  synchronized Process launch(Path log, String netns, Path procs, List<String> command) {
    List<String> cmd = new ArrayList<>();
    if (procs != null) {
      // $0 is the procs file: the shell joins the cgroup, then execs (same pid) the command.
      cmd.addAll(List.of("sh", "-c", "echo $$ >\"$0\" && exec \"$@\"", procs.toString()));
    }
    if (netns != null) {
      cmd.addAll(List.of("nsenter", "--net=/run/netns/" + netns, "--"));
    }
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.directory(log.getParent().toFile());
    try {
      Process p = pb.start();
      started.add(p);
      Files.writeString(
          pidsFile, p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /** Stops {@code p}: SIGTERM, then SIGKILL after {@code seconds}. */
  static void stop(Process p, int seconds) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every process started here, newest first. */
  synchronized void stopAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      stop(started.get(i), 5);
    }
  }
}
