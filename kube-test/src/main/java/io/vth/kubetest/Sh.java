package io.vth.kubetest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short host commands ({@code ip}, {@code ctr}, ...) and reports their output on failure. */
final class Sh {
  /** A finished command: exit code and combined output. */
  record Result(int code, String output) {
    boolean ok() {
      return code == 0;
    }
  }

  private Sh() {}

  /** Runs {@code command}; throws with its output when it exits non-zero. Returns the output. */
  static String run(String... command) {
    return run(List.of(command));
  }

  /** Runs {@code command}; throws with its output when it exits non-zero. Returns the output. */
  static String run(List<String> command) {
    Result r = exec(command);
    if (!r.ok()) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + r.code() + "): " + r.output().strip());
    }
    return r.output();
  }

  /** Runs {@code command} and returns its exit code and output, whatever they are. */
  static Result exec(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  /** Whether {@code name} is an executable on the PATH. */
  static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String d : path.split(":")) {
      if (new java.io.File(d, name).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
