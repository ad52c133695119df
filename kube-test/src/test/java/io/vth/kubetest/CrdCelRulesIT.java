package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every CEL validation rule of the committed CRDs, on the real API server: each rule rejects a bad
 * example with its message (at its field) and accepts a good one. The rules include the Kubernetes
 * CEL IP/CIDR library ({@code isCIDR}, {@code cidr().masked()}, {@code prefixLength()}, {@code
 * isIP}). A test below fails when a rule in the CRDs has no rejected example here.
 */
@WithKubeApiServer(crds = Vth.CRDS)
class CrdCelRulesIT {
  private static final String HA = "HubAttachment";
  private static final String VTH = "VirtualTrafficHub";
  private static final String TM = "TranslationMapping";
  private static final String DNS = "DnsPolicy";

  private static KubernetesClient client;
  private static String ns;

  @BeforeAll
  static void namespace(KubeApiServer server) {
    client = server.client();
    ns = server.createNamespace("cel");
  }

  /** An attachment spec with the given cidrs, tunnel remote and extra fields. */
  static String attachment(String cidrs, String remote, String extra) {
    return "{hubRef: {name: corp}, cidrs: "
        + cidrs
        + ", tunnel: {remote: '"
        + remote
        + "'}"
        + (extra.isEmpty() ? "" : ", " + extra)
        + "}";
  }

  static String mapping(String from, String to, String extra) {
    return "{hubRef: {name: corp}, attachmentRef: {name: net1}, mappings: [{from: '"
        + from
        + "', to: '"
        + to
        + "'}]"
        + (extra.isEmpty() ? "" : ", " + extra)
        + "}";
  }

  static String route(String route) {
    return "{routingDomains: [{name: default, staticRoutes: [" + route + "]}]}";
  }

  /** kind, spec, the field the server names, the rule's message. */
  static Stream<Arguments> rejected() {
    return Stream.of(
        // HubAttachment: canonical CIDRs and real addresses (Kubernetes CEL IP/CIDR library)
        Arguments.of(
            HA,
            attachment("[10.0.0.1/8]", "192.0.2.1", ""),
            "spec.cidrs",
            "cidrs must be canonical CIDRs with no host bits set, such as 10.0.0.0/8"),
        Arguments.of(
            HA,
            attachment("['2001:db8::1/32']", "192.0.2.1", ""),
            "spec.cidrs",
            "cidrs must be canonical CIDRs with no host bits set, such as 10.0.0.0/8"),
        // passes the loose pattern, but is no CIDR: only the CEL library catches it
        Arguments.of(
            HA,
            attachment("['1::2::3/64']", "192.0.2.1", ""),
            "spec.cidrs",
            "cidrs must be canonical CIDRs with no host bits set, such as 10.0.0.0/8"),
        Arguments.of(
            HA,
            attachment("[10.1.0.0/16]", "1::2::3", ""),
            "spec.tunnel.remote",
            "remote must be an IP address"),
        Arguments.of(
            HA,
            attachment("[10.1.0.0/16]", "192.0.2.1", "dnsServers: ['1::2::3']"),
            "spec.dnsServers",
            "dnsServers must be IP addresses"),
        Arguments.of(
            HA,
            attachment("[10.1.0.0/16]", "192.0.2.1", "routes: {advertise: [10.1.0.1/16]}"),
            "spec.routes.advertise",
            "advertise must list canonical CIDRs with no host bits set"),
        Arguments.of(
            HA,
            attachment("[10.1.0.0/16]", "192.0.2.1", "routes: {accept: [10.0.0.0/8, 10.0.0.1/8]}"),
            "spec.routes.accept",
            "accept must list canonical CIDRs with no host bits set"),
        // VirtualTrafficHub
        Arguments.of(
            VTH,
            "{addressOverlap: {translationPool: 100.64.0.1/10}}",
            "spec.addressOverlap.translationPool",
            "translationPool must be a canonical CIDR with no host bits set, such as 100.64.0.0/10"),
        Arguments.of(
            VTH,
            route("{prefix: 10.99.0.1/16, attachment: team-a/net1}"),
            "spec.routingDomains[0].staticRoutes[0].prefix",
            "prefix must be a canonical CIDR with no host bits set, such as 10.99.0.0/16"),
        Arguments.of(
            VTH,
            route("{prefix: 10.99.0.0/16, attachment: team-a/net1, blackhole: true}"),
            "spec.routingDomains[0].staticRoutes[0]",
            "a static route needs exactly one of attachment or blackhole: true"),
        Arguments.of(
            VTH,
            route("{prefix: 10.99.0.0/16}"),
            "spec.routingDomains[0].staticRoutes[0]",
            "a static route needs exactly one of attachment or blackhole: true"),
        Arguments.of(
            VTH,
            route("{prefix: 10.99.0.0/16, blackhole: false}"),
            "spec.routingDomains[0].staticRoutes[0]",
            "a static route needs exactly one of attachment or blackhole: true"),
        Arguments.of(
            VTH,
            "{routingDomains: [{name: red}, {name: blue}, {name: red}]}",
            "spec.routingDomains",
            "routing domain names must be unique"),
        Arguments.of(
            VTH,
            "{cell: {actionNodes: {min: 5, max: 4}}}",
            "spec.cell.actionNodes",
            "min must not exceed max"),
        Arguments.of(
            VTH,
            "{cell: {decisionNodes: {min: 3, max: 2}}}",
            "spec.cell.decisionNodes",
            "min must not exceed max"),
        Arguments.of(
            VTH,
            "{cell: {actionNodes: {perZone: 9, min: 1, max: 8}}}",
            "spec.cell.actionNodes",
            "perZone must lie within min and max"),
        Arguments.of(
            VTH,
            "{cell: {decisionNodes: {perZone: 1, min: 2}}}",
            "spec.cell.decisionNodes",
            "perZone must lie within min and max"),
        Arguments.of(
            VTH,
            "{cell: {shuffleShard: {size: 3, maxOverlap: 3}}}",
            "spec.cell.shuffleShard",
            "maxOverlap must be smaller than size"),
        Arguments.of(
            VTH,
            "{cell: {shuffleShard: {size: 1}}}",
            "spec.cell.shuffleShard",
            "maxOverlap must be smaller than size"),
        // TranslationMapping
        Arguments.of(
            TM,
            mapping("10.1.0.0/16", "10.1.0.0/16", ""),
            "spec.mappings[0]",
            "from and to must differ"),
        Arguments.of(
            TM,
            mapping("10.1.0.0/16", "100.65.0.0/24", ""),
            "spec.mappings[0]",
            "from and to must have the same prefix length"),
        Arguments.of(
            TM,
            mapping("10.1.0.0/16", "2001::/16", ""),
            "spec.mappings[0]",
            "from and to must be of the same IP family"),
        Arguments.of(
            TM,
            mapping("10.1.2.0/16", "100.65.0.0/16", ""),
            "spec.mappings[0].from",
            "from must be a canonical CIDR with no host bits set"),
        Arguments.of(
            TM,
            mapping("10.1.0.0/16", "100.65.0.1/16", ""),
            "spec.mappings[0].to",
            "to must be a canonical CIDR with no host bits set"),
        Arguments.of(
            TM,
            mapping("10.1.0.0/16", "100.65.0.0/16", "origin: Automatic, approved: true"),
            "spec",
            "approved may only be true for origin Proposed or User"),
        // DnsPolicy
        Arguments.of(
            DNS,
            "{hubRef: {name: corp}, zones: [{domain: b.internal, attachment: b/n},"
                + " {domain: c.internal, attachment: c/n}, {domain: b.internal, attachment: c/n}]}",
            "spec.zones",
            "each zone domain may be listed once"),
        Arguments.of(
            DNS,
            "{hubRef: {name: corp}, upstreams: [10.0.0.53, '1::2::3']}",
            "spec.upstreams",
            "upstreams must be IP addresses"),
        Arguments.of(
            DNS,
            "{hubRef: {name: corp}, records: [{name: db.b.internal, attachment: b/n,"
                + " addresses: ['1::2::3']}]}",
            "spec.records[0].addresses",
            "addresses must be IP addresses"));
  }

  /** kind, spec: good examples next to the bad ones above. */
  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of(
            HA,
            attachment(
                "[10.0.0.0/8, '2001:db8::/32', 192.168.7.0/24]",
                "192.0.2.1",
                "dnsServers: [10.0.0.53, '2001:db8::53'], routes: {advertise: [10.0.0.0/8],"
                    + " accept: [0.0.0.0/0, '::/0']}")),
        Arguments.of(HA, attachment("[10.0.0.0/8]", "2001:db8::1", "")),
        Arguments.of(HA, attachment("['192.0.2.7/32']", "192.0.2.1", "")),
        Arguments.of(VTH, "{addressOverlap: {translationPool: 100.64.0.0/10}}"),
        Arguments.of(VTH, route("{prefix: 10.99.0.0/16, attachment: team-a/net1}")),
        Arguments.of(VTH, route("{prefix: 10.98.0.0/16, blackhole: true}")),
        Arguments.of(VTH, "{routingDomains: [{name: red}, {name: blue}]}"),
        Arguments.of(
            VTH,
            "{cell: {actionNodes: {perZone: 4, min: 4, max: 4},"
                + " decisionNodes: {perZone: 1}, shuffleShard: {size: 3, maxOverlap: 2}}}"),
        Arguments.of(VTH, "{cell: {actionNodes: {min: 2}, decisionNodes: {max: 2}}}"),
        Arguments.of(TM, mapping("10.1.0.0/16", "100.65.0.0/16", "")),
        Arguments.of(TM, mapping("2001:db8:1::/48", "2001:db8:2::/48", "")),
        Arguments.of(
            TM, mapping("10.1.0.0/16", "100.65.0.0/16", "origin: Proposed, approved: true")),
        Arguments.of(TM, mapping("10.1.0.0/16", "100.65.0.0/16", "origin: User, approved: true")),
        Arguments.of(
            TM, mapping("10.1.0.0/16", "100.65.0.0/16", "origin: Automatic, approved: false")),
        Arguments.of(
            DNS,
            "{hubRef: {name: corp}, zones: [{domain: b.internal, attachment: b/n},"
                + " {domain: c.internal, attachment: b/n}], upstreams: [10.0.0.53, '2001:db8::53'],"
                + " records: [{name: db.b.internal, attachment: b/n, addresses: [10.2.0.5]}]}"));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("rejected")
  void theRuleRejectsItsBadExample(String kind, String spec, String field, String message) {
    List<StatusCause> causes = Vth.rejected(client, ns, Vth.object(kind, spec));
    assertThat(causes)
        .as("causes:\n%s", Vth.describe(causes))
        .anySatisfy(
            c -> {
              assertThat(c.getField()).isEqualTo(field);
              assertThat(c.getMessage()).endsWith(": " + message);
            });
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("accepted")
  void theRuleAcceptsAGoodExample(String kind, String spec) {
    GenericKubernetesResource r = Vth.create(client, ns, Vth.object(kind, spec));
    assertThat(r.getMetadata().getResourceVersion()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {HA, TM, DNS})
  void hubRefIsImmutable(String kind) {
    String spec =
        switch (kind) {
          case HA -> attachment("[10.1.0.0/16]", "192.0.2.1", "");
          case TM -> mapping("10.1.0.0/16", "100.65.0.0/16", "");
          default -> "{hubRef: {name: corp}}";
        };
    GenericKubernetesResource created = Vth.create(client, ns, Vth.object(kind, spec));

    // Changing another field is fine: the rule compares hubRef with its old value only.
    @SuppressWarnings("unchecked")
    Map<String, Object> s = (Map<String, Object>) created.getAdditionalProperties().get("spec");
    switch (kind) {
      case HA -> s.put("routingDomain", "blue");
      case TM -> s.put("origin", "Proposed");
      default -> s.put("ttlSeconds", 10);
    }
    GenericKubernetesResource updated = Vth.update(client, ns, created);
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);

    @SuppressWarnings("unchecked")
    Map<String, Object> s2 = (Map<String, Object>) updated.getAdditionalProperties().get("spec");
    s2.put("hubRef", Map.of("name", "another-hub"));
    KubernetesClientException e =
        catchThrowableOfType(
            KubernetesClientException.class, () -> Vth.update(client, ns, updated));
    assertThat(e).as("moving %s to another hub is refused", kind).isNotNull();
    List<StatusCause> causes = Vth.causes(e);
    String message =
        kind.equals(HA)
            ? "hubRef is immutable: delete and recreate the attachment"
            : "hubRef is immutable";
    assertThat(causes)
        .as("causes:\n%s", Vth.describe(causes))
        .anySatisfy(
            c -> {
              assertThat(c.getField()).isEqualTo("spec.hubRef");
              assertThat(c.getMessage()).endsWith(": " + message);
            });
  }

  /** Every rule in the CRDs has a bad example above, so a new rule cannot go untested. */
  @Test
  void everyRuleInTheCrdsHasARejectedExample() throws IOException {
    Set<String> inCrds = new TreeSet<>();
    for (String kind : List.of(VTH, HA, TM, DNS)) {
      collect(CrdSchemaBoundsIT.specSchema(kind), inCrds);
    }
    Set<String> tested =
        rejected().map(a -> (String) a.get()[3]).collect(Collectors.toCollection(TreeSet::new));
    tested.add("hubRef is immutable");
    tested.add("hubRef is immutable: delete and recreate the attachment");
    assertThat(inCrds).hasSizeGreaterThanOrEqualTo(20);
    assertThat(tested).containsAll(inCrds);
  }

  private static void collect(JsonNode node, Set<String> messages) {
    node.path("x-kubernetes-validations").forEach(r -> messages.add(r.get("message").asText()));
    List<JsonNode> children = new ArrayList<>();
    node.path("properties").forEach(children::add);
    if (node.has("items")) {
      children.add(node.get("items"));
    }
    children.forEach(c -> collect(c, messages));
  }
}
