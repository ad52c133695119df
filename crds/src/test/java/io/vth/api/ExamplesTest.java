package io.vth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under examples/ parses into the API types, with no unknown field, and round-trips.
 */
class ExamplesTest {

  static final Path EXAMPLES = Path.of("..", "examples");

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "VirtualTrafficHub", VirtualTrafficHub.class,
          "HubAttachment", HubAttachment.class,
          "TranslationMapping", TranslationMapping.class,
          "DnsPolicy", DnsPolicy.class,
          "Namespace", Namespace.class);

  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  static Stream<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void theQuickstartHasAHubAndThreeAttachments() throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path p : manifests().filter(p -> p.startsWith(EXAMPLES.resolve("quickstart"))).toList()) {
      objects.addAll(parseAll(p));
    }
    assertThat(objects).filteredOn(o -> o instanceof VirtualTrafficHub).hasSize(1);
    List<HubAttachment> attachments =
        objects.stream()
            .filter(o -> o instanceof HubAttachment)
            .map(o -> (HubAttachment) o)
            .toList();
    assertThat(attachments)
        .flatExtracting(a -> a.getSpec().cidrs)
        .containsExactlyInAnyOrder("192.168.1.0/24", "10.10.1.0/24", "21.12.1.0/24");
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void parsesStrictlyAndRoundTrips(Path manifest) throws IOException {
    for (JsonNode doc : documents(manifest)) {
      String kind = doc.path("kind").asText();
      assertThat(KINDS).as("kind %s in %s", kind, manifest).containsKey(kind);
      HasMetadata object = STRICT.treeToValue(doc, KINDS.get(kind));
      assertThat(object.getMetadata().getName()).isNotBlank();
      JsonNode again = STRICT.valueToTree(object);
      assertThat(STRICT.treeToValue(again, KINDS.get(kind)))
          .usingRecursiveComparison()
          .isEqualTo(object);
      assertThat(again.path("spec"))
          .as("spec of %s survives", manifest)
          .isEqualTo(doc.path("spec"));
    }
  }

  @Test
  void anUnknownFieldIsRejected() {
    String yaml =
        "apiVersion: vth.io/v1alpha1\nkind: HubAttachment\nmetadata: {name: x}\n"
            + "spec: {hubRef: {name: corp}, cidrz: [10.0.0.0/8]}\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> STRICT.readValue(yaml, HubAttachment.class))
        .hasMessageContaining("cidrz");
  }

  static List<HasMetadata> parseAll(Path manifest) throws IOException {
    List<HasMetadata> out = new ArrayList<>();
    for (JsonNode doc : documents(manifest)) {
      out.add(STRICT.treeToValue(doc, KINDS.get(doc.path("kind").asText())));
    }
    return out;
  }

  static List<JsonNode> documents(Path manifest) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(manifest.toFile())) {
      var it = STRICT.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }
}
