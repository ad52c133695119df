package io.vth.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The chart in {@code helm/vth}, rendered with the real Helm library (helm-java). */
final class Chart {
  static final String RELEASE = "vth";
  static final String NAMESPACE = "vth-system";

  private Chart() {}

  /** The repository root (the folder holding {@code helm/vth} and {@code crds/generated}). */
  static Path repoRoot() {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path q = p; q != null; q = q.getParent()) {
      if (Files.isDirectory(q.resolve("helm/vth")) && Files.isDirectory(q.resolve("crds"))) {
        return q;
      }
    }
    throw new IllegalStateException("cannot find the repository root above " + p);
  }

  static Path dir() {
    return repoRoot().resolve("helm/vth");
  }

  /** A test values file from {@code src/test/resources}. */
  static Path values(String name) {
    return repoRoot().resolve("helm/src/test/resources").resolve(name);
  }

  /** The Kubernetes version templates render for (the API server the tests build). */
  static final String KUBE_VERSION = "1.37.2";

  /**
   * {@code helm template vth helm/vth -n vth-system --kube-version 1.37.2} with the options {@code
   * options} adds.
   */
  static String template(UnaryOperator<TemplateCommand> options) {
    return options
        .apply(
            new Helm(dir())
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION))
        .call();
  }

  static String template() {
    return template(t -> t);
  }

  /**
   * Parses a multi-document YAML stream into Kubernetes objects with Fabric8 (typed where Fabric8
   * knows the kind, {@code GenericKubernetesResource} otherwise); fails on a document that is not a
   * Kubernetes object.
   */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> out = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      Object o =
          Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
      if (o instanceof KubernetesList list) {
        out.addAll(list.getItems());
      } else if (o instanceof HasMetadata h) {
        if (h.getApiVersion() == null || h.getKind() == null || h.getMetadata() == null) {
          throw new AssertionError("not a Kubernetes object (apiVersion, kind, metadata):\n" + doc);
        }
        out.add(h);
      } else {
        throw new AssertionError("not a Kubernetes object: " + o + "\n" + doc);
      }
    }
    return out;
  }

  /** The chart's appVersion, the default tag of the three images. */
  static String appVersion() {
    try {
      return Files.readString(dir().resolve("Chart.yaml"))
          .lines()
          .filter(l -> l.startsWith("appVersion:"))
          .map(l -> l.substring("appVersion:".length()).strip().replace("\"", ""))
          .findFirst()
          .orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The values files of the variants the tests render. */
  static Map<String, UnaryOperator<TemplateCommand>> variants() {
    return Map.of(
        "defaults", t -> t, "all-features", t -> t.withValuesFile(values("all-features.yaml")));
  }
}
