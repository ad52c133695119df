package io.vth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated CRDs carry what kubectl users and the API server rely on. */
class CrdSchemaTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Map<String, List<String>> PRINTER_COLUMNS =
      Map.of(
          "virtualtraffichubs", List.of("Ready", "Zones", "Attachments", "Age"),
          "hubattachments", List.of("Hub", "Domain", "CIDRs", "VNI", "Ready", "Age"),
          "translationmappings", List.of("From", "To", "Origin", "State", "Ready", "Age"),
          "dnspolicies", List.of("Hub", "Mode", "Ready", "Age"));

  private static final Map<String, String> SHORT_NAMES =
      Map.of(
          "virtualtraffichubs", "vth",
          "hubattachments", "vtha",
          "translationmappings", "vtm",
          "dnspolicies", "vdns");

  static JsonNode crd(String plural) throws IOException {
    return YAML.readTree(GeneratedCrdsTest.COMMITTED.resolve(plural + ".vth.io-v1.yml").toFile());
  }

  static JsonNode schema(String plural) throws IOException {
    return crd(plural).at("/spec/versions/0/schema/openAPIV3Schema");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"virtualtraffichubs", "hubattachments", "translationmappings", "dnspolicies"})
  void namesStatusAndPrinterColumns(String plural) throws IOException {
    JsonNode crd = crd(plural);
    assertThat(crd.at("/spec/group").asText()).isEqualTo("vth.io");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo(SHORT_NAMES.get(plural));
    assertThat(crd.at("/spec/names/categories/0").asText()).isEqualTo("vth");
    JsonNode version = crd.at("/spec/versions/0");
    assertThat(version.at("/name").asText()).isEqualTo("v1alpha1");
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    List<String> columns = new ArrayList<>();
    version.at("/additionalPrinterColumns").forEach(c -> columns.add(c.get("name").asText()));
    assertThat(columns).containsAll(PRINTER_COLUMNS.get(plural));
    assertThat(
            version.at("/schema/openAPIV3Schema/properties/status/properties/observedGeneration"))
        .isNotEmpty();
    assertThat(
            version.at(
                "/schema/openAPIV3Schema/properties/status/properties/conditions/items/properties/reason"))
        .isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"virtualtraffichubs", "hubattachments", "translationmappings", "dnspolicies"})
  void everyFieldIsDescribedAndBounded(String plural) throws IOException {
    List<String> problems = new ArrayList<>();
    JsonNode root = schema(plural);
    root.get("properties")
        .fields()
        .forEachRemaining(f -> walk(f.getKey(), f.getValue(), true, problems));
    assertThat(problems).as("fields without a description or a bound").isEmpty();
  }

  /** Checks a property: described (when it is a field) and bounded (strings and arrays). */
  private static void walk(String path, JsonNode node, boolean isField, List<String> problems) {
    // The Kubernetes LabelSelector type is reused as is: its fields carry Kubernetes' own meaning.
    if (path.endsWith(".namespaceSelector")) {
      return;
    }
    if (isField && !node.has("description")) {
      problems.add(path + ": no description");
    }
    String type = node.path("type").asText();
    if (type.equals("string") && !node.has("maxLength") && !node.has("enum")) {
      problems.add(path + ": string without maxLength");
    }
    if (type.equals("array")) {
      if (!node.has("maxItems")) {
        problems.add(path + ": array without maxItems");
      }
      walk(path + "[]", node.get("items"), false, problems);
    }
    if (node.has("properties")) {
      node.get("properties")
          .fields()
          .forEachRemaining(f -> walk(path + "." + f.getKey(), f.getValue(), true, problems));
    }
  }

  private static final String CIDR = "isCIDR(self) && cidr(self) == cidr(self).masked()";
  private static final String CIDRS = "self.all(c, isCIDR(c) && cidr(c) == cidr(c).masked())";
  private static final String IP = "isIP(self)";
  private static final String IPS = "self.all(a, isIP(a))";

  static Stream<Arguments> celRules() {
    return Stream.of(
        Arguments.of(
            "translationmappings",
            "/properties/spec/properties/mappings/items",
            "self.from != self.to"),
        Arguments.of(
            "translationmappings",
            "/properties/spec",
            "!has(self.approved) || !self.approved || self.origin in ['Proposed', 'User']"),
        Arguments.of(
            "translationmappings", "/properties/spec/properties/hubRef", "self == oldSelf"),
        Arguments.of(
            "virtualtraffichubs",
            "/properties/spec/properties/routingDomains/items/properties/staticRoutes/items",
            "has(self.attachment) != (has(self.blackhole) && self.blackhole)"),
        Arguments.of(
            "virtualtraffichubs",
            "/properties/spec/properties/routingDomains",
            "self.all(d, self.exists_one(e, e.name == d.name))"),
        Arguments.of(
            "virtualtraffichubs",
            "/properties/spec/properties/cell/properties/actionNodes",
            "!has(self.min) || !has(self.max) || self.min <= self.max"),
        Arguments.of(
            "virtualtraffichubs",
            "/properties/spec/properties/cell/properties/shuffleShard",
            "!has(self.size) || !has(self.maxOverlap) || self.maxOverlap < self.size"),
        Arguments.of("hubattachments", "/properties/spec/properties/hubRef", "self == oldSelf"),
        Arguments.of("dnspolicies", "/properties/spec/properties/hubRef", "self == oldSelf"),
        Arguments.of(
            "dnspolicies",
            "/properties/spec/properties/zones",
            "self.all(z, self.exists_one(y, y.domain == z.domain))"),
        // Kubernetes CEL IP/CIDR library: canonical prefixes and real addresses.
        Arguments.of("hubattachments", "/properties/spec/properties/cidrs", CIDRS),
        Arguments.of(
            "hubattachments", "/properties/spec/properties/routes/properties/advertise", CIDRS),
        Arguments.of(
            "hubattachments", "/properties/spec/properties/routes/properties/accept", CIDRS),
        Arguments.of("hubattachments", "/properties/spec/properties/dnsServers", IPS),
        Arguments.of("hubattachments", "/properties/spec/properties/tunnel/properties/remote", IP),
        Arguments.of(
            "translationmappings",
            "/properties/spec/properties/mappings/items/properties/from",
            CIDR),
        Arguments.of(
            "translationmappings",
            "/properties/spec/properties/mappings/items/properties/to",
            CIDR),
        Arguments.of(
            "translationmappings",
            "/properties/spec/properties/mappings/items",
            "!isCIDR(self.from) || !isCIDR(self.to)"
                + " || cidr(self.from).prefixLength() == cidr(self.to).prefixLength()"),
        Arguments.of(
            "translationmappings",
            "/properties/spec/properties/mappings/items",
            "!isCIDR(self.from) || !isCIDR(self.to)"
                + " || cidr(self.from).ip().family() == cidr(self.to).ip().family()"),
        Arguments.of(
            "virtualtraffichubs",
            "/properties/spec/properties/addressOverlap/properties/translationPool",
            CIDR),
        Arguments.of(
            "virtualtraffichubs",
            "/properties/spec/properties/routingDomains/items/properties/staticRoutes/items"
                + "/properties/prefix",
            CIDR),
        Arguments.of("dnspolicies", "/properties/spec/properties/upstreams", IPS),
        Arguments.of(
            "dnspolicies", "/properties/spec/properties/records/items/properties/addresses", IPS));
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @MethodSource("celRules")
  void celRuleGuardsItsField(String plural, String pointer, String rule) throws IOException {
    JsonNode field = schema(plural).at(pointer);
    assertThat(field.isMissingNode()).as("field %s exists", pointer).isFalse();
    List<String> rules = new ArrayList<>();
    field.path("x-kubernetes-validations").forEach(r -> rules.add(r.get("rule").asText()));
    assertThat(rules).contains(rule);
    field
        .path("x-kubernetes-validations")
        .forEach(r -> assertThat(r.path("message").asText()).as("message of %s", r).isNotBlank());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/properties/spec/properties/cidrs/items",
        "/properties/spec/properties/tunnel/properties/remote",
        "/properties/spec/properties/tunnel/properties/hubAddress"
      })
  void addressesArePatternChecked(String pointer) throws IOException {
    assertThat(schema("hubattachments").at(pointer).path("pattern").asText()).isNotEmpty();
  }

  @org.junit.jupiter.api.Test
  void defaultsAreDeclared() throws IOException {
    JsonNode spec = schema("hubattachments").at("/properties/spec/properties");
    assertThat(spec.at("/routingDomain/default").asText()).isEqualTo("default");
    assertThat(spec.at("/tunnel/properties/port/default").asInt()).isEqualTo(4789);
    JsonNode hub = schema("virtualtraffichubs").at("/properties/spec/properties");
    assertThat(hub.at("/addressOverlap/properties/policy/default").asText()).isEqualTo("Notify");
    assertThat(hub.at("/addressOverlap/properties/policy/enum").toString())
        .contains("Reject", "Notify", "Propose", "Automatic");
  }

  static Path committed() {
    return GeneratedCrdsTest.COMMITTED;
  }
}
