package io.vth.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfig.Translation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision config document round-trips, and every bad field is named with its value. */
class DecisionConfigJsonTest {

  static Attachment attachment(String name, int vni, String cidr, String remote) {
    return new Attachment(
        name,
        vni,
        "default",
        remote,
        4789,
        "169.254.0." + (vni % 64 * 4 + 1) + "/30",
        "02:76:74:00:00:" + String.format("%02x", vni & 0xff),
        List.of(cidr),
        List.of());
  }

  static DecisionConfig figure21(long generation) {
    Hub hub =
        new Hub(
            "demo/corp",
            List.of(
                new Domain(
                    "default",
                    List.of(
                        Route.to("192.168.1.0/24", "demo/c1s1"),
                        Route.to("10.10.1.0/24", "demo/c1s2"),
                        Route.to("21.12.1.0/24", "demo/c1s3"),
                        Route.blackhole("10.99.0.0/16")))),
            List.of(
                attachment("demo/c1s1", 1001, "192.168.1.0/24", "10.254.0.2"),
                attachment("demo/c1s2", 1002, "10.10.1.0/24", "10.254.0.6"),
                attachment("demo/c1s3", 1003, "21.12.1.0/24", "10.254.0.10")),
            List.of(new Translation("demo/c1s1", "192.168.1.0/24", "100.64.7.0/24")),
            null);
    return new DecisionConfig(DecisionConfig.SCHEMA_VERSION, generation, "corp", List.of(hub));
  }

  @Test
  void aDocumentRoundTrips() throws InvalidConfigException {
    DecisionConfig config = figure21(7);
    byte[] json = DecisionConfigJson.write(config);
    assertThat(DecisionConfigJson.parse(json)).isEqualTo(config);
    assertThat(DecisionConfigJson.write(DecisionConfigJson.parse(json))).isEqualTo(json);
  }

  @Test
  void theExampleDocumentIsValidAndCanonical() throws Exception {
    byte[] json =
        java.nio.file.Files.readAllBytes(
            java.nio.file.Path.of("..", "examples", "local", "decision-config.json"));
    DecisionConfig config = DecisionConfigJson.parse(json);
    assertThat(config.hubs().get(0).attachments()).hasSize(3);
    assertThat(new String(DecisionConfigJson.write(config), StandardCharsets.UTF_8).strip())
        .isEqualTo(new String(json, StandardCharsets.UTF_8).strip());
  }

  @Test
  void anUnknownSchemaVersionIsRejectedBeforeAnythingElse() {
    assertProblems(
        "{\"schemaVersion\": 2, \"generation\": 1, \"whatever\": true}",
        "schemaVersion: 2 is not supported; this pod reads version 1");
  }

  @Test
  void anUnknownFieldIsNamed() {
    String json =
        new String(DecisionConfigJson.write(figure21(1)), StandardCharsets.UTF_8)
            .replace("\"cell\"", "\"cel\"");
    assertProblems(json, "cel: unknown field \"cel\"");
  }

  @Test
  void malformedJsonIsReported() {
    assertThatThrownBy(() -> DecisionConfigJson.parse("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("document: not JSON");
  }

  @Test
  void everyBadFieldIsNamedWithItsValue() {
    Hub good = figure21(1).hubs().get(0);
    Attachment dupVni = attachment("demo/c1s4", 1001, "10.0.0.1/8", "10.254.0.300");
    Hub bad =
        new Hub(
            good.name(),
            List.of(
                new Domain(
                    "default",
                    List.of(
                        Route.to("10.10.1.0/24", "demo/missing"),
                        new Route("10.11.0.0/16", "demo/c1s1", true)))),
            List.of(good.attachments().get(0), dupVni),
            List.of(new Translation("demo/c1s1", "192.168.1.0/24", "100.64.0.0/16")),
            null);
    DecisionConfig config = new DecisionConfig(1, -3, "corp", List.of(bad));
    assertThatThrownBy(() -> DecisionConfigJson.parse(DecisionConfigJson.write(config)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("generation: -3"))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "hubs[0].attachments[1].vni: 1001 is already used by demo/c1s1"))
                    .anyMatch(p -> p.startsWith("hubs[0].attachments[1].cidrs[0]: \"10.0.0.1/8\""))
                    .anyMatch(p -> p.startsWith("hubs[0].attachments[1].remote: \"10.254.0.300\""))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "hubs[0].domains[0].routes[0].attachment: \"demo/missing\" is not an"))
                    .anyMatch(p -> p.startsWith("hubs[0].domains[0].routes[1]: needs exactly one"))
                    .anyMatch(p -> p.startsWith("hubs[0].translations[0]: ")));
  }

  @Test
  void badDnsRulesAreNamedWithTheirValues() {
    Hub good = figure21(1).hubs().get(0);
    DecisionConfig.Dns dns =
        new DecisionConfig.Dns(
            "Sideways",
            -1,
            List.of(),
            List.of(new DecisionConfig.Zone("bad..name", "demo/c1s1")),
            List.of(new DecisionConfig.DnsRecord("db.corp", "demo/c1s1", List.of("10.0.0.300"))),
            List.of("not-an-address"));
    Hub bad = new Hub(good.name(), good.domains(), good.attachments(), good.translations(), dns);
    DecisionConfig config = new DecisionConfig(1, 1, "corp", List.of(bad));
    assertThatThrownBy(() -> DecisionConfigJson.parse(DecisionConfigJson.write(config)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("hubs[0].dns.mode: \"Sideways\" is not Endpoint"))
                    .anyMatch(p -> p.startsWith("hubs[0].dns.ttlSeconds: -1 is negative"))
                    .anyMatch(p -> p.startsWith("hubs[0].dns.zones[0].domain: \"bad..name\""))
                    .anyMatch(
                        p -> p.startsWith("hubs[0].dns.records[0].addresses[0]: \"10.0.0.300\""))
                    .anyMatch(p -> p.startsWith("hubs[0].dns.upstreams[0]: \"not-an-address\"")));
  }

  @Test
  void goodDnsRulesRoundTrip() throws InvalidConfigException {
    Hub good = figure21(1).hubs().get(0);
    DecisionConfig.Dns dns =
        new DecisionConfig.Dns(
            "Endpoint",
            30,
            List.of("demo/c1s1"),
            List.of(new DecisionConfig.Zone("b.internal", "demo/c1s1")),
            List.of(
                new DecisionConfig.DnsRecord(
                    "db.b.internal", "demo/c1s1", List.of("192.168.1.10", "fd00::10"))),
            List.of("10.0.0.2"));
    Hub hub = new Hub(good.name(), good.domains(), good.attachments(), good.translations(), dns);
    DecisionConfig config = new DecisionConfig(1, 1, "corp", List.of(hub));
    assertThat(DecisionConfigJson.parse(DecisionConfigJson.write(config))).isEqualTo(config);
  }

  @Test
  void limitsRoundTripAreLeftOutWhenUnsetAndOutOfRangeOnesAreNamed() throws Exception {
    Hub good = figure21(1).hubs().get(0);
    assertThat(new String(DecisionConfigJson.write(figure21(1)), StandardCharsets.UTF_8))
        .doesNotContain("limits");
    Hub limited =
        new Hub(
            good.name(),
            good.domains(),
            good.attachments(),
            good.translations(),
            null,
            new DecisionConfig.Limits(100, 64, 8, 4));
    DecisionConfig config = new DecisionConfig(1, 1, "corp", List.of(limited));
    assertThat(DecisionConfigJson.parse(DecisionConfigJson.write(config))).isEqualTo(config);

    Hub bad =
        new Hub(
            good.name(),
            good.domains(),
            good.attachments(),
            good.translations(),
            null,
            new DecisionConfig.Limits(0, 64, 8, 4));
    assertThatThrownBy(
            () ->
                DecisionConfigJson.parse(
                    DecisionConfigJson.write(new DecisionConfig(1, 1, "corp", List.of(bad)))))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("hubs[0].limits.newFlowsPerSecond: 0 is outside 1..1000000"));
  }

  private static void assertProblems(String json, String problem) {
    assertThatThrownBy(() -> DecisionConfigJson.parse(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(problem));
  }
}
