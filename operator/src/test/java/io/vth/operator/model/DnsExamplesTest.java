package io.vth.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DNS examples, planned as the operator plans them (attachments attaching in file order): the
 * policy is in effect, net-c is translated, and the resolver endpoints are what the READMEs say.
 */
class DnsExamplesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest
  @ValueSource(strings = {"endpoint", "intercept", "share"})
  void theExamplePolicyIsInEffect(String mode) throws IOException {
    String ns = "vth-dns-" + mode;
    Example ex = read(Path.of("..", "examples", "dns-" + mode));

    HubPlan plan =
        HubPlanner.plan(
            new HubPlanner.Inputs(
                ex.hub, ex.attachments, HubPlannerTest.pods(3), Map.of(), List.of(), ex.policies));

    assertThat(plan.dns().honoured()).isEqualTo(ns + "/dns");
    DecisionConfig.Hub hub = plan.config().hubs().get(0);
    assertThat(hub.dns().mode()).isEqualToIgnoringCase(mode);
    assertThat(hub.dns().zones())
        .containsExactly(
            new DecisionConfig.Zone("b.internal", ns + "/net-b"),
            new DecisionConfig.Zone("c.internal", ns + "/net-c"));
    assertThat(hub.translations())
        .containsExactly(
            new DecisionConfig.Translation(ns + "/net-c", "192.168.1.0/24", "100.64.0.0/24"));
    List<String> endpoints =
        plan.dns().verdict(ns + "/dns").orElseThrow().endpoints().stream()
            .map(e -> e.attachment() + " " + e.address() + ":" + e.port())
            .toList();
    if (mode.equals("intercept")) {
      assertThat(endpoints).isEmpty();
    } else {
      assertThat(endpoints)
          .containsExactly(
              ns + "/net-a 169.254.0.1:53",
              ns + "/net-b 169.254.0.5:53",
              ns + "/net-c 169.254.0.9:53");
    }
  }

  private record Example(
      VirtualTrafficHub hub, List<HubAttachment> attachments, List<DnsPolicy> policies) {}

  private static Example read(Path dir) throws IOException {
    VirtualTrafficHub hub = null;
    List<HubAttachment> attachments = new ArrayList<>();
    List<DnsPolicy> policies = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path f : files) {
      try (YAMLParser parser = new YAMLFactory().createParser(f.toFile())) {
        MappingIterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          switch (doc.path("kind").asText()) {
            case "VirtualTrafficHub" -> hub = YAML.treeToValue(doc, VirtualTrafficHub.class);
            case "HubAttachment" -> {
              HubAttachment a = YAML.treeToValue(doc, HubAttachment.class);
              a.getMetadata().setCreationTimestamp("2026-01-01T00:00:0" + attachments.size() + "Z");
              attachments.add(a);
            }
            case "DnsPolicy" -> policies.add(YAML.treeToValue(doc, DnsPolicy.class));
            default -> {}
          }
        }
      }
    }
    return new Example(hub, attachments, policies);
  }
}
