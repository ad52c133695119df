package io.vth.operator.model;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.SharingSpec;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The whole plan of a hub, computed without any client. */
class HubPlannerTest {

  private final VirtualTrafficHub corp = hub("net", "corp", "a", "b");

  @Test
  void figure21PlanGivesAValidDocumentAndEachNetworkTheOtherTwoPrefixes() throws Exception {
    HubPlan plan =
        plan(
            corp,
            created(attachment("net", "c1s1", "net", "corp", "192.168.1.0/24"), 1),
            created(attachment("net", "c1s2", "net", "corp", "10.10.1.0/24"), 2),
            created(attachment("net", "c1s3", "net", "corp", "21.12.1.0/24"), 3));

    DecisionConfig doc =
        DecisionConfigJson.parse(
            DecisionConfigJson.write(DecisionConfigBuilder.withGeneration(plan.config(), 1)));
    assertThat(doc.cell()).isEqualTo("corp");
    assertThat(doc.hubs().get(0).attachments())
        .extracting(
            DecisionConfig.Attachment::name,
            DecisionConfig.Attachment::vni,
            DecisionConfig.Attachment::gateway)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("net/c1s1", 1, "169.254.0.1/30"),
            org.assertj.core.groups.Tuple.tuple("net/c1s2", 2, "169.254.0.5/30"),
            org.assertj.core.groups.Tuple.tuple("net/c1s3", 3, "169.254.0.9/30"));
    assertThat(RouteCompilerTest.prefixes(plan.attachment("net/c1s1").orElseThrow().propagated()))
        .containsExactly("10.10.1.0/24", "21.12.1.0/24");
    assertThat(plan.attachment("net/c1s2").orElseThrow().shard()).hasSize(3);
  }

  @Test
  void anAttachmentFromAnotherNamespaceNeedsSharing() {
    HubPlan plan = plan(corp, attachment("team", "vpc", "net", "corp", "10.0.0.0/16"));

    assertThat(plan.attachment("team/vpc").orElseThrow().problem().reason())
        .isEqualTo("NamespaceNotAllowed");
    assertThat(plan.config().hubs().get(0).attachments()).isEmpty();
  }

  @Test
  void aNamespaceSelectorAdmitsLabelledNamespaces() {
    corp.getSpec().sharing = new SharingSpec();
    corp.getSpec().sharing.namespaceSelector =
        new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
            .addToMatchLabels("vth.io/tenant", "yes")
            .build();
    HubAttachment a = attachment("team", "vpc", "net", "corp", "10.0.0.0/16");

    HubPlan plan =
        HubPlanner.plan(
            new HubPlanner.Inputs(
                corp, List.of(a), pods(3), Map.of("team", Map.of("vth.io/tenant", "yes"))));

    assertThat(plan.attachment("team/vpc").orElseThrow().accepted()).isTrue();
  }

  @Test
  void anUnknownDomainAndANonCanonicalCidrAreRefusedNamingFieldAndValue() {
    HubAttachment lost = attachment("net", "lost", "net", "corp", "10.0.0.0/16");
    lost.getSpec().routingDomain = "nowhere";
    HubAttachment sloppy = attachment("net", "sloppy", "net", "corp", "10.1.2.3/16");

    HubPlan plan = plan(corp, lost, sloppy);

    Problem p1 = plan.attachment("net/lost").orElseThrow().problem();
    assertThat(p1.reason()).isEqualTo("UnknownRoutingDomain");
    assertThat(p1.message()).contains("spec.routingDomain", "nowhere");
    Problem p2 = plan.attachment("net/sloppy").orElseThrow().problem();
    assertThat(p2.reason()).isEqualTo("InvalidCidr");
    assertThat(p2.message()).contains("spec.cidrs[0]", "10.1.2.3/16");
  }

  @Test
  void anAddressThePodsCannotServeIsRefusedAloneNamingFieldAndValue() {
    HubAttachment v6 = attachment("net", "v6", "net", "corp", "10.0.0.0/16");
    v6.getSpec().tunnel.remote = "2001:db8::7";
    HubAttachment v6Gateway = attachment("net", "v6gw", "net", "corp", "10.2.0.0/16");
    v6Gateway.getSpec().tunnel.hubAddress = "fd00::1/64";
    HubAttachment fine = attachment("net", "fine", "net", "corp", "10.1.0.0/16");

    HubPlan plan = plan(corp, v6, v6Gateway, fine);

    Problem p = plan.attachment("net/v6").orElseThrow().problem();
    assertThat(p.reason()).isEqualTo("UnsupportedAddress");
    assertThat(p.message()).contains("spec.tunnel.remote", "2001:db8::7", "IPv4 only");
    Problem g = plan.attachment("net/v6gw").orElseThrow().problem();
    assertThat(g.reason()).isEqualTo("UnsupportedAddress");
    assertThat(g.message()).contains("spec.tunnel.hubAddress", "fd00::1/64");
    assertThat(plan.attachment("net/fine").orElseThrow().problem()).isNull();
    assertThat(plan.routes().get("default")).hasSize(1);
  }

  @Test
  void theHubsLimitsReachTheConfigWithDefaultsForWhatItLeavesUnset() {
    HubAttachment a = attachment("net", "a", "net", "corp", "10.0.0.0/16");
    assertThat(plan(corp, a).config().hubs().get(0).limits()).as("none given").isNull();

    corp.getSpec().limits = new io.vth.api.v1alpha1.LimitsSpec();
    corp.getSpec().limits.newFlowsPerSecond = 200;
    corp.getSpec().limits.dnsTcpConnections = 8;

    assertThat(plan(corp, a).config().hubs().get(0).limits())
        .isEqualTo(new io.vth.core.config.DecisionConfig.Limits(200, 1024, 256, 8));
  }

  @Test
  void anAttachmentBeingDeletedLeavesThePlan() {
    HubAttachment going = attachment("net", "going", "net", "corp", "10.0.0.0/16");
    going.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");

    HubPlan plan = plan(corp, going, attachment("net", "staying", "net", "corp", "10.1.0.0/16"));

    assertThat(plan.attachments()).extracting(AttachmentPlan::ref).containsExactly("net/staying");
    assertThat(plan.routes().get("default")).hasSize(1);
  }

  @Test
  void allocationsInStatusAreKept() {
    HubAttachment a = created(attachment("net", "a", "net", "corp", "10.0.0.0/16"), 1);
    a.setStatus(new io.vth.api.v1alpha1.HubAttachmentStatus());
    a.getStatus().vni = 42;
    a.getStatus().gateway = new io.vth.api.v1alpha1.HubAttachmentStatus.Gateway();
    a.getStatus().gateway.address = "169.254.7.1/30";

    AttachmentPlan p = plan(corp, a).attachment("net/a").orElseThrow();

    assertThat(p.vni()).isEqualTo(42);
    assertThat(p.gateway()).isEqualTo("169.254.7.1/30");
    assertThat(p.gatewayMac()).isEqualTo("02:76:74:00:00:2a");
  }

  @Test
  @Timeout(60)
  void largeNetworksEachGetTheOthersPrefixesAndNoneOfTheirOwn() {
    // 10,000 prefixes per network, interleaved so that none merge: each plan tests every propagated
    // route against the network's own ranges, which must not be a scan of all of them per route
    String[] a = new String[10_000];
    String[] b = new String[10_000];
    for (int i = 0; i < 10_000; i++) {
      a[i] = "10." + (i >> 7) + "." + ((i & 127) << 1) + ".0/24";
      b[i] = "10." + (i >> 7) + "." + (((i & 127) << 1) + 1) + ".0/24";
    }
    HubPlan plan =
        plan(
            corp,
            created(attachment("net", "big-a", "net", "corp", a), 1),
            created(attachment("net", "big-b", "net", "corp", b), 2));

    assertThat(RouteCompilerTest.prefixes(plan.attachment("net/big-a").orElseThrow().propagated()))
        .hasSize(10_000)
        .containsExactlyInAnyOrder(b);
    assertThat(RouteCompilerTest.prefixes(plan.attachment("net/big-b").orElseThrow().propagated()))
        .hasSize(10_000)
        .containsExactlyInAnyOrder(a);
  }

  private static HubPlan plan(VirtualTrafficHub hub, HubAttachment... attachments) {
    return HubPlanner.plan(new HubPlanner.Inputs(hub, List.of(attachments), pods(4), Map.of()));
  }

  static List<ShardCandidate> pods(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new ShardCandidate("dp-" + i, "10.0.0." + (i + 1), "a", "node", true))
        .toList();
  }

  private static HubAttachment created(HubAttachment a, int second) {
    a.getMetadata().setCreationTimestamp("2026-01-01T00:00:0" + second + "Z");
    return a;
  }
}
