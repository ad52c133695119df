package io.vth.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the child processes of local mode. */
final class ChildProcesses {

  private ChildProcesses() {}

  /** The {@code java} executable running this JVM. */
  static String javaBin() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Starts {@code command} with {@code env} added, both outputs appended to {@code log}. */
  static Process start(List<String> command, Map<String, String> env, Path log, Path dir)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VTH_") || k.startsWith("KUBERNETES_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  /** Asks {@code p} to stop (SIGTERM), then kills it after {@code graceMillis}. */
  static void stop(Process p, long graceMillis) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
