package io.vth.kubetest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's own images, built by {@code test-infra/build-images.sh} (cached in {@code
 * ~/.cache/vth/images-<hash>/}): {@code pause} (the sandbox image) and {@code probe} (an HTTP/UDP
 * echo server and client that needs no shell). Located once per JVM.
 */
public final class TestImages {
  private static final System.Logger LOG = System.getLogger(TestImages.class.getName());

  static final String SCRIPT = "test-infra/build-images.sh";

  /** The archives and their fully qualified names, or why there are none. */
  public record Found(Map<String, Path> archives, Map<String, String> names, String problem) {
    /** The OCI archive of {@code image} ({@code pause} or {@code probe}). */
    public Path archive(String image) {
      return archives.get(image);
    }

    /** The fully qualified name of {@code image}, such as {@code docker.io/vth/pause:<hash>}. */
    public String name(String image) {
      return names.get(image);
    }

    boolean present() {
      return problem == null;
    }
  }

  private static Found cached;

  private TestImages() {}

  /** Builds (or reuses) the images; the result is kept for the JVM. */
  public static synchronized Found locate() {
    if (cached == null) {
      cached = build();
    }
    return cached;
  }

  private static Found build() {
    Optional<Path> repo = KubeBinaries.repoRoot(Path.of(System.getProperty("user.dir")));
    if (repo.isEmpty()) {
      return new Found(Map.of(), Map.of(), "cannot find " + SCRIPT + " above the working folder");
    }
    BuildScript.Result r = BuildScript.run(repo.get().resolve(SCRIPT), "images-dir", Map.of());
    if (r.value() == null) {
      return new Found(Map.of(), Map.of(), r.problem());
    }
    String dir = r.value();
    try {
      Map<String, Path> archives = new LinkedHashMap<>();
      Map<String, String> names = new LinkedHashMap<>();
      for (String line : Files.readAllLines(Path.of(dir, "NAMES"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2) {
          String image = f[0].replaceFirst("\\.tar$", "");
          archives.put(image, Path.of(dir, f[0]));
          names.put(image, f[1]);
        }
      }
      return new Found(archives, names, null);
    } catch (IOException e) {
      return new Found(Map.of(), Map.of(), "cannot read " + dir + "/NAMES: " + e.getMessage());
    }
  }
}
