package io.vth.kubetest;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Runs one of {@code test-infra/}'s build scripts, logging its progress lines, and takes the value
 * of its last {@code <key>: <value>} line (the folder or binary it built).
 */
final class BuildScript {
  private static final System.Logger LOG = System.getLogger(BuildScript.class.getName());
  private static final int TAIL = 8;

  /**
   * What a run gave.
   *
   * @param value the value of the key line, or null when the script printed none or failed
   * @param problem why there is no value (exit code and the last lines), or null
   */
  record Result(String value, String problem) {}

  private BuildScript() {}

  /** Runs {@code script} with bash and {@code env} added to the environment. */
  static Result run(Path script, String key, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
    pb.redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    String prefix = key + ": ";
    Deque<String> tail = new ArrayDeque<>();
    String value = null;
    try {
      Process p = pb.start();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          LOG.log(System.Logger.Level.INFO, line);
          if (line.startsWith(prefix)) {
            value = line.substring(prefix.length()).strip();
          }
          tail.addLast(line);
          if (tail.size() > TAIL) {
            tail.removeFirst();
          }
        }
      }
      int rc = p.waitFor();
      if (rc != 0 || value == null) {
        return new Result(
            null, script.getFileName() + " failed (exit " + rc + "): " + String.join(" | ", tail));
      }
      return new Result(value, null);
    } catch (IOException e) {
      return new Result(null, "cannot run " + script.getFileName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted while running " + script.getFileName());
    }
  }
}
