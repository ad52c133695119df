package io.vth.local;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the built parts are: the repository root holding {@code crds/generated}, the operator's
 * {@code quarkus-run.jar} and the two pod jars. By default the root is found from this jar ({@code
 * <root>/local/target/vth-local.jar}) or the working directory.
 */
record Home(Path root, Path operatorJar, Path decisionJar, Path dataplaneJar, Path crds) {

  static final String BUILD_HINT =
      "build it with: ./mvnw -q -pl local -am package -DskipTests (from the repository root)";

  /**
   * Resolves every part under {@code root} (null: found automatically); throws naming what lacks.
   */
  static Home find(Path root) {
    Path r = root != null ? root.toAbsolutePath().normalize() : guessRoot();
    Path crds = r.resolve("crds/generated");
    if (!Files.isDirectory(crds)) {
      throw new IllegalArgumentException(
          "--home: " + r + " is not a vth checkout (no crds/generated folder in it)");
    }
    Path operator = r.resolve("operator/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(operator)) {
      throw new IllegalArgumentException(
          "the operator is not built (" + operator + "); " + BUILD_HINT);
    }
    return new Home(
        r,
        operator,
        podJar(r.resolve("decision-pod/target"), "vth-decision-pod-"),
        podJar(r.resolve("dataplane-pod/target"), "vth-dataplane-pod-"),
        crds);
  }

  /** The CRD files, sorted. */
  List<Path> crdFiles() throws IOException {
    try (Stream<Path> s = Files.list(crds)) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  private static Path podJar(Path target, String prefix) {
    if (Files.isDirectory(target)) {
      try (Stream<Path> s = Files.list(target)) {
        List<Path> jars =
            s.filter(
                    p -> {
                      String n = p.getFileName().toString();
                      return n.startsWith(prefix)
                          && n.endsWith(".jar")
                          && !n.endsWith("-sources.jar")
                          && !n.endsWith("-tests.jar");
                    })
                .sorted()
                .toList();
        if (!jars.isEmpty() && Files.isDirectory(target.resolve("lib"))) {
          return jars.get(jars.size() - 1);
        }
      } catch (IOException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(
        "no " + prefix + "*.jar with its lib/ folder in " + target + "; " + BUILD_HINT);
  }

  private static Path guessRoot() {
    try {
      Path self = Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // <root>/local/target/vth-local.jar or <root>/local/target/classes
      Path candidate = self.getParent() == null ? null : self.getParent().getParent();
      if (candidate != null && candidate.getParent() != null) {
        Path r = candidate.getParent();
        if (Files.isDirectory(r.resolve("crds/generated"))) {
          return r;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall back to the working directory
    }
    return Path.of("").toAbsolutePath();
  }
}
