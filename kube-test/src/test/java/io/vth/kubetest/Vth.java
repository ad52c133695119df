package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Creates vth custom resources from YAML on the real API server, and reads its rejections. */
final class Vth {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API_VERSION = "vth.io/v1alpha1";
  private static final AtomicInteger NAMES = new AtomicInteger();

  /** The committed CRDs. */
  static final String CRDS = "crds/generated";

  private Vth() {}

  static Path repo() {
    return KubeBinaries.repoRoot(Path.of(System.getProperty("user.dir"))).orElseThrow();
  }

  /** A {@code kind} object with a fresh name and the given spec (YAML or JSON text). */
  static ObjectNode object(String kind, String specYaml) {
    return object(kind, parse(specYaml));
  }

  static ObjectNode object(String kind, JsonNode spec) {
    ObjectNode o = JSON.createObjectNode();
    o.put("apiVersion", API_VERSION);
    o.put("kind", kind);
    o.putObject("metadata").put("name", kind.toLowerCase() + "-" + NAMES.incrementAndGet());
    o.set("spec", spec.deepCopy());
    return o;
  }

  static JsonNode parse(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GenericKubernetesResource create(KubernetesClient client, String ns, ObjectNode o) {
    GenericKubernetesResource r = JSON.convertValue(o, GenericKubernetesResource.class);
    return client
        .genericKubernetesResources(API_VERSION, o.get("kind").asText())
        .inNamespace(ns)
        .resource(r)
        .create();
  }

  static GenericKubernetesResource update(
      KubernetesClient client, String ns, GenericKubernetesResource r) {
    return client
        .genericKubernetesResources(API_VERSION, r.getKind())
        .inNamespace(ns)
        .resource(r)
        .update();
  }

  /** Creating {@code o} fails with 422 Invalid; returns the server's causes. */
  static List<StatusCause> rejected(KubernetesClient client, String ns, ObjectNode o) {
    KubernetesClientException e =
        catchThrowableOfType(KubernetesClientException.class, () -> create(client, ns, o));
    assertThat(e).as("the API server rejects %s", o).isNotNull();
    return causes(e);
  }

  static List<StatusCause> causes(KubernetesClientException e) {
    assertThat(e.getCode()).as("HTTP status of %s", e.getMessage()).isEqualTo(422);
    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
    return e.getStatus().getDetails().getCauses();
  }

  static String describe(List<StatusCause> causes) {
    return causes.stream()
        .map(c -> c.getField() + ": " + c.getMessage())
        .collect(Collectors.joining("\n"));
  }
}
