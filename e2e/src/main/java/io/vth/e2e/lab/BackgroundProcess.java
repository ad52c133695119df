package io.vth.e2e.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A long-running command (a server, a capture) started by {@link NetnsLab#spawn}. Its output goes
 * to files that can be read at any time. {@link #close()} stops it (SIGTERM, then SIGKILL after a
 * short grace period); the lab closes every background process it started when it closes.
 */
public final class BackgroundProcess implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(2);

  private final List<String> command;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  BackgroundProcess(List<String> command, Path stdout, Path stderr) {
    this.command = List.copyOf(command);
    this.stdout = stdout;
    this.stderr = stderr;
    try {
      this.process = Exec.start(command, stdout.toFile(), stderr.toFile());
    } catch (IOException e) {
      throw new LabException("cannot start " + command + ": " + e.getMessage(), e);
    }
  }

  public List<String> command() {
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code once the process has ended. */
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** Everything written to standard output so far. */
  public String stdout() {
    return read(stdout);
  }

  /** Everything written to standard error so far. */
  public String stderr() {
    return read(stderr);
  }

  /** Stops the process and its descendants; idempotent. */
  @Override
  public void close() {
    if (process.isAlive()) {
      Exec.kill(process, GRACE);
    }
    Exec.deleteQuietly(stdout);
    Exec.deleteQuietly(stderr);
  }

  @Override
  public String toString() {
    return "BackgroundProcess[pid=" + process.pid() + ", " + String.join(" ", command) + "]";
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
