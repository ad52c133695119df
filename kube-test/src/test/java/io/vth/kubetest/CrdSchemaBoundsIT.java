package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every schema bound of the committed CRDs' specs (required, pattern, maxLength, minLength,
 * maxItems, minItems, enum, minimum, maximum), found by walking the CRDs themselves: for each one,
 * a complete valid object is broken at exactly that field and the real API server must reject it
 * with that field and that kind of error. A new bound in the API types is tested without writing a
 * test; a bound that the server does not enforce fails here.
 */
@WithKubeApiServer(crds = Vth.CRDS)
class CrdSchemaBoundsIT {
  /** One valid object per kind that fills in every field, so every bound has something to break. */
  static final Map<String, String> FULL =
      Map.of(
          "VirtualTrafficHub",
          """
          cell:
            zones: [zone-a]
            actionNodes: {perZone: 2, min: 1, max: 4}
            decisionNodes: {perZone: 1, min: 1, max: 2}
            tenancy: Shared
            shuffleShard: {size: 3, maxOverlap: 1}
          routingDomains:
            - name: default
              staticRoutes:
                - {prefix: 10.99.0.0/16, attachment: team-a/net1}
          addressOverlap: {policy: Propose, translationPool: 100.64.0.0/10}
          sharing:
            namespaces: [team-a]
            namespaceSelector: {matchLabels: {vth.io/hub: corp}}
            requireAcceptance: true
            accepted: [team-a/net1]
          peers:
            - hubRef: {name: other, namespace: hubs}
          endpoint:
            serviceType: LoadBalancer
            annotations: {example.com/lb-type: nlb}
          limits:
            newFlowsPerSecond: 2000
            waitingFlows: 512
            dnsPendingQueries: 128
            dnsTcpConnections: 32
          """,
          "HubAttachment",
          """
          hubRef: {name: corp, namespace: hubs}
          routingDomain: default
          networkType: Vpn
          cidrs: [10.1.0.0/16, "2001:db8:1::/48"]
          tunnel: {remote: 192.0.2.1, port: 4789, vni: 100, hubAddress: 169.254.10.1/30}
          routes: {advertise: [10.1.0.0/16], accept: [10.0.0.0/8]}
          dnsServers: [10.1.0.53, "2001:db8:1::53"]
          """,
          "TranslationMapping",
          """
          hubRef: {name: corp, namespace: hubs}
          attachmentRef: {name: net1, namespace: team-a}
          mappings:
            - {from: 10.1.0.0/16, to: 100.65.0.0/16}
          origin: Proposed
          approved: true
          """,
          "DnsPolicy",
          """
          hubRef: {name: corp, namespace: hubs}
          mode: Share
          attachments: [team-a/net1]
          zones:
            - {domain: b.internal, attachment: team-b/net2}
          records:
            - {name: db.b.internal, attachment: team-b/net2, addresses: [10.2.0.5]}
          upstreams: [10.1.0.53]
          ttlSeconds: 60
          """);

  static final Map<String, String> PLURALS =
      Map.of(
          "VirtualTrafficHub", "virtualtraffichubs",
          "HubAttachment", "hubattachments",
          "TranslationMapping", "translationmappings",
          "DnsPolicy", "dnspolicies");

  private static final List<String> BOUNDS =
      List.of(
          "pattern",
          "maxLength",
          "minLength",
          "maxItems",
          "minItems",
          "enum",
          "minimum",
          "maximum");

  /** One bound: a field of a kind's spec, the bound's name, and the schema node carrying it. */
  record Bound(String kind, String path, String bound, JsonNode schema) {
    @Override
    public String toString() {
      return kind + " " + path + " " + bound;
    }
  }

  private static KubernetesClient client;
  private static String ns;

  @BeforeAll
  static void namespace(KubeApiServer server) {
    client = server.client();
    ns = server.createNamespace("bounds");
  }

  static JsonNode specSchema(String kind) throws IOException {
    JsonNode crd =
        Vth.YAML.readTree(
            Vth.repo().resolve(Vth.CRDS).resolve(PLURALS.get(kind) + ".vth.io-v1.yml").toFile());
    return crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
  }

  static Stream<Bound> bounds() throws IOException {
    List<Bound> all = new ArrayList<>();
    for (String kind :
        List.of("VirtualTrafficHub", "HubAttachment", "TranslationMapping", "DnsPolicy")) {
      walk(kind, "spec", specSchema(kind), all);
    }
    return all.stream();
  }

  private static void walk(String kind, String path, JsonNode node, List<Bound> out) {
    if (path.endsWith(".namespaceSelector")) {
      return; // Kubernetes' own LabelSelector type, validated by Kubernetes' own schema
    }
    for (String b : BOUNDS) {
      if (node.has(b)) {
        out.add(new Bound(kind, path, b, node));
      }
    }
    node.path("required")
        .forEach(r -> out.add(new Bound(kind, path + "." + r.asText(), "required", node)));
    node.path("properties")
        .properties()
        .forEach(f -> walk(kind, path + "." + f.getKey(), f.getValue(), out));
    if (node.has("items")) {
      walk(kind, path + "[]", node.get("items"), out);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"VirtualTrafficHub", "HubAttachment", "TranslationMapping", "DnsPolicy"})
  void theCompleteExampleIsAccepted(String kind) {
    GenericKubernetesResource created = Vth.create(client, ns, Vth.object(kind, FULL.get(kind)));
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getAdditionalProperties()).containsKey("spec");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bounds")
  void theServerEnforcesTheBound(Bound b) {
    ObjectNode o = Vth.object(b.kind(), FULL.get(b.kind()));
    String[] segments = b.path().split("\\.");
    // Walk to the parent of the last segment, taking the first element of every list.
    JsonNode parent = o;
    StringBuilder concrete = new StringBuilder(segments[0]);
    parent = step(parent, segments[0]);
    for (int i = 1; i < segments.length - 1; i++) {
      parent = step(parent, segments[i]);
      concrete.append('.').append(segments[i].replace("[]", "[0]"));
    }
    String last = segments[segments.length - 1];
    String field = concrete + "." + last.replace("[]", "[0]");
    String name = last.replace("[]", "");
    assertThat(parent).as("the complete %s example has %s", b.kind(), b.path()).isNotNull();
    ObjectNode container = (ObjectNode) parent;
    JsonNode current = container.get(name);
    String expect;
    switch (b.bound()) {
      case "required" -> {
        assertThat(current).as("the complete example has %s", b.path()).isNotNull();
        container.remove(name);
        expect = "Required value";
      }
      case "maxItems" -> {
        int max = b.schema().get("maxItems").asInt();
        ArrayNode list = (ArrayNode) current;
        assertThat(list).as("%s has an element to copy", b.path()).isNotEmpty();
        JsonNode first = list.get(0);
        while (list.size() <= max) {
          list.add(first.deepCopy());
        }
        expect = "must have at most " + max + " items";
      }
      case "minItems" -> {
        int min = b.schema().get("minItems").asInt();
        container.putArray(name);
        expect = "should have at least " + min + " items";
      }
      default -> {
        JsonNode bad = badValue(b);
        expect = phrase(b);
        if (last.endsWith("[]")) {
          ((ArrayNode) current).set(0, bad);
        } else {
          container.set(name, bad);
        }
      }
    }
    List<StatusCause> causes = Vth.rejected(client, ns, o);
    assertThat(causes)
        .as("causes:\n%s", Vth.describe(causes))
        .anySatisfy(
            c -> {
              assertThat(c.getField()).isEqualTo(field);
              assertThat(c.getMessage()).contains(expect);
            });
  }

  private static JsonNode step(JsonNode node, String segment) {
    if (segment.endsWith("[]")) {
      JsonNode list = node.get(segment.substring(0, segment.length() - 2));
      return list == null ? null : list.get(0);
    }
    return node.get(segment);
  }

  private static JsonNode badValue(Bound b) {
    JsonNode s = b.schema();
    return switch (b.bound()) {
      case "pattern" -> Vth.JSON.getNodeFactory().textNode("!");
      case "maxLength" ->
          Vth.JSON.getNodeFactory().textNode("a".repeat(s.get("maxLength").asInt() + 1));
      case "minLength" -> Vth.JSON.getNodeFactory().textNode("");
      case "enum" -> Vth.JSON.getNodeFactory().textNode("NotOneOfThem");
      case "minimum" -> Vth.JSON.getNodeFactory().numberNode(s.get("minimum").asLong() - 1);
      case "maximum" -> Vth.JSON.getNodeFactory().numberNode(s.get("maximum").asLong() + 1);
      default -> throw new IllegalArgumentException(b.bound());
    };
  }

  private static String phrase(Bound b) {
    JsonNode s = b.schema();
    return switch (b.bound()) {
      case "pattern" -> "should match '" + s.get("pattern").asText() + "'";
      case "maxLength" -> "Too long";
      case "minLength" -> "should be at least " + s.get("minLength").asInt() + " chars long";
      case "enum" -> "Unsupported value: \"NotOneOfThem\"";
      case "minimum" -> "should be greater than or equal to " + s.get("minimum").asLong();
      case "maximum" -> "should be less than or equal to " + s.get("maximum").asLong();
      default -> throw new IllegalArgumentException(b.bound());
    };
  }
}
