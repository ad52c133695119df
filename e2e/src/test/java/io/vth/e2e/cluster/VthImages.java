package io.vth.e2e.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The three images of vth (operator, decision pod, dataplane pod) as image archives, built by
 * {@code images/build-images.sh} from this checkout without a container engine: each test run
 * builds them anew so that they hold the code under test.
 */
final class VthImages {
  private static final System.Logger LOG = System.getLogger(VthImages.class.getName());
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

  private VthImages() {}

  /** The repository root (the folder holding {@code images/build-images.sh}). */
  static Path repo() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("images/build-images.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("images/build-images.sh not found above the working folder");
    }
    return dir;
  }

  /** Builds the three archives and returns their paths. */
  static List<Path> build() throws IOException, InterruptedException {
    Path repo = repo();
    Path log = Files.createTempFile("vth-images-", ".log");
    LOG.log(System.Logger.Level.INFO, "building the vth images (log: " + log + ")");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder("bash", "images/build-images.sh")
            .directory(repo.toFile())
            .redirectError(log.toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("images/build-images.sh timed out; log: " + log);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "images/build-images.sh failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
    }
    List<Path> archives = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        archives.add(Path.of(line.strip()));
      }
    }
    if (archives.size() != 3) {
      throw new IllegalStateException("expected three image archives, got " + archives);
    }
    LOG.log(
        System.Logger.Level.INFO,
        String.format("vth images built in %.0f s: %s", (System.nanoTime() - t0) / 1e9, archives));
    return archives;
  }
}
