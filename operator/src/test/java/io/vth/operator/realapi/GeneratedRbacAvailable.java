package io.vth.operator.realapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the class when {@code operator/target/kubernetes/kubernetes.yml} is missing or older than a
 * file of {@code operator/src/main}: Quarkus writes the operator's RBAC manifests only in the
 * production build ({@code package} phase, after the tests of a first {@code verify}), never during
 * test augmentation.
 */
public class GeneratedRbacAvailable implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Path manifests = RealApiServerResource.generatedManifests();
    String problem;
    if (!Files.isRegularFile(manifests)) {
      problem = " does not exist yet";
    } else {
      Path sources = RealApiServerResource.repoRoot().resolve("operator/src/main");
      try (Stream<Path> files = Files.walk(sources)) {
        FileTime built = Files.getLastModifiedTime(manifests);
        Optional<Path> newer =
            files
                .filter(Files::isRegularFile)
                .filter(f -> lastModified(f).compareTo(built) > 0)
                .findFirst();
        if (newer.isEmpty()) {
          return ConditionEvaluationResult.enabled("generated RBAC in " + manifests);
        }
        problem = " is older than " + newer.get() + " (stale)";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String reason =
        "vth generated-RBAC operator test skipped: "
            + manifests
            + problem
            + " (Quarkus writes it in the package phase: run"
            + " `./mvnw -pl operator package -DskipTests`, then the tests)";
    System.out.println("[vth-kube-test] " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }

  private static FileTime lastModified(Path f) {
    try {
      return Files.getLastModifiedTime(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
