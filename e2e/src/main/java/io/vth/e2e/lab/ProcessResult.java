package io.vth.e2e.lab;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a command run to completion (or killed at its timeout).
 *
 * @param command the command as run, including any {@code ip netns exec} prefix
 * @param exitCode the exit code; -1 when the command was killed at its timeout
 * @param stdout everything the command wrote to standard output
 * @param stderr everything the command wrote to standard error
 * @param timedOut whether the command was killed because it exceeded its timeout
 * @param elapsed wall-clock time until the command ended (or was killed)
 */
public record ProcessResult(
    List<String> command,
    int exitCode,
    String stdout,
    String stderr,
    boolean timedOut,
    Duration elapsed) {

  public ProcessResult {
    command = List.copyOf(command);
  }

  /** True when the command ended by itself with exit code 0. */
  public boolean ok() {
    return !timedOut && exitCode == 0;
  }

  /**
   * Returns this result when {@link #ok()}, otherwise throws a {@link LabException} that says why.
   */
  public ProcessResult orThrow() {
    if (!ok()) {
      throw new LabException(describe());
    }
    return this;
  }

  /** A one-paragraph description for failure messages. */
  public String describe() {
    String how = timedOut ? "timed out after " + elapsed.toMillis() + " ms" : "exited " + exitCode;
    return "`"
        + String.join(" ", command)
        + "` "
        + how
        + (stderr.isBlank() ? "" : "; stderr: " + stderr.strip())
        + (stdout.isBlank() ? "" : "; stdout: " + abbreviate(stdout.strip()));
  }

  private static String abbreviate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
  }
}
