package io.vth.e2e.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands with a hard timeout; never hangs. Output goes to temporary files (not pipes), so a
 * chatty command can never block on a full pipe, and a command that does not end in time is killed
 * together with its descendants.
 */
public final class Exec {
  /** Timeout used by the overloads without one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private Exec() {}

  /** Runs {@code command} in the current (host) network namespace. */
  public static ProcessResult run(Duration timeout, String... command) {
    return run(timeout, List.of(command));
  }

  /** Runs {@code command} in the current (host) network namespace. */
  public static ProcessResult run(Duration timeout, List<String> command) {
    long start = System.nanoTime();
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("vthe2e-out", ".txt");
      err = Files.createTempFile("vthe2e-err", ".txt");
      Process p = start(command, out.toFile(), err.toFile());
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        kill(p, Duration.ZERO);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new ProcessResult(
          command,
          finished ? p.exitValue() : -1,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          !finished,
          elapsed);
    } catch (IOException e) {
      return new ProcessResult(
          command, -1, "", "cannot run: " + e, false, Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while running " + command, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** The command that runs {@code command} inside network namespace {@code ns} (null: host). */
  public static List<String> inNamespace(String ns, List<String> command) {
    if (ns == null) {
      return List.copyOf(command);
    }
    List<String> full = new ArrayList<>(command.size() + 4);
    full.add(IpBinary.path());
    full.add("netns");
    full.add("exec");
    full.add(ns);
    full.addAll(command);
    return full;
  }

  static Process start(List<String> command, File stdout, File stderr) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(stdout);
    pb.redirectError(stderr);
    return pb.start();
  }

  /**
   * Ends {@code p} and its descendants: SIGTERM first, SIGKILL after {@code grace} (immediately
   * when grace is zero). Waits at most a few seconds for the process to be gone.
   */
  static void kill(Process p, Duration grace) {
    List<ProcessHandle> descendants = p.descendants().toList();
    try {
      if (!grace.isZero()) {
        p.destroy();
        descendants.forEach(ProcessHandle::destroy);
        if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          descendants.forEach(ProcessHandle::destroyForcibly);
          return;
        }
      }
      descendants.forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  static void deleteQuietly(Path path) {
    if (path != null) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
