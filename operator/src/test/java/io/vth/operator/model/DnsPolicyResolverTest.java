package io.vth.operator.model;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.dnsPolicy;
import static io.vth.operator.Fixtures.hub;
import static io.vth.operator.Fixtures.withDnsServers;
import static io.vth.operator.Fixtures.withRecord;
import static io.vth.operator.Fixtures.withZone;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.DnsPolicySpec.Mode;
import io.vth.api.v1alpha1.DnsPolicyStatus;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.SharingSpec;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DNS policies of hub net/corp on the plan: A 10.1.0.0/16, B and C both 192.168.1.0/24
 * (Notify), each with its own resolver; zones b.internal and c.internal.
 */
class DnsPolicyResolverTest {

  private final VirtualTrafficHub corp = hub("net", "corp", "a");
  private final List<HubAttachment> abc =
      new ArrayList<>(
          List.of(
              created(
                  withDnsServers(attachment("net", "a", "net", "corp", "10.1.0.0/16"), "10.1.0.2"),
                  1),
              created(
                  withDnsServers(
                      attachment("net", "b", "net", "corp", "192.168.1.0/24"), "192.168.1.53"),
                  2),
              created(
                  withDnsServers(
                      attachment("net", "c", "net", "corp", "192.168.1.0/24"), "192.168.1.53"),
                  3)));

  @Test
  void anEndpointPolicyCompilesIntoTheDocumentWithAResolverPerNetwork() throws Exception {
    DnsPolicy p =
        withRecord(
            withZone(
                withZone(dnsPolicy("net", "dns", "corp", Mode.Endpoint), "b.internal", "net/b"),
                "C.Internal.",
                "c"),
            "db.b.internal",
            "net/b",
            "192.168.1.10");
    p.getSpec().upstreams = List.of("10.0.0.2");
    p.getSpec().ttlSeconds = 60;

    HubPlan plan = plan(p);

    DnsPolicyResolver.Verdict v = plan.dns().verdict("net/dns").orElseThrow();
    assertThat(v.honoured()).isTrue();
    DecisionConfig doc =
        DecisionConfigJson.parse(
            DecisionConfigJson.write(DecisionConfigBuilder.withGeneration(plan.config(), 1)));
    DecisionConfig.Dns dns = doc.hubs().get(0).dns();
    assertThat(dns.mode()).isEqualTo("Endpoint");
    assertThat(dns.ttlSeconds()).isEqualTo(60);
    assertThat(dns.attachments()).as("empty: every attachment shares").isEmpty();
    assertThat(dns.zones())
        .containsExactly(
            new DecisionConfig.Zone("b.internal", "net/b"),
            new DecisionConfig.Zone("c.internal", "net/c"));
    assertThat(dns.records())
        .containsExactly(
            new DecisionConfig.DnsRecord("db.b.internal", "net/b", List.of("192.168.1.10")));
    assertThat(dns.upstreams()).containsExactly("10.0.0.2");
    assertThat(v.endpoints())
        .containsExactly(
            new DnsPolicyResolver.Endpoint("net/a", "169.254.0.1", 53),
            new DnsPolicyResolver.Endpoint("net/b", "169.254.0.5", 53),
            new DnsPolicyResolver.Endpoint("net/c", "169.254.0.9", 53));

    DnsPolicyStatus status = DnsPolicyStatuses.of(p, v, Instant.EPOCH);
    assertThat(ConditionSet.isTrue(status.conditions, "Ready")).isTrue();
    assertThat(status.endpoints).extracting(e -> e.address).contains("169.254.0.5");
  }

  @Test
  void anExplicitSharingSetListsOnlyItsMembersAndInterceptHasNoEndpoints() {
    DnsPolicy share =
        withZone(dnsPolicy("net", "dns", "corp", Mode.Share, "net/a", "b"), "b.internal", "b");
    DnsPolicyResolver.Verdict v = plan(share).dns().verdict("net/dns").orElseThrow();
    assertThat(v.dns().attachments()).containsExactly("net/a", "net/b");
    assertThat(v.endpoints())
        .extracting(DnsPolicyResolver.Endpoint::attachment)
        .containsExactly("net/a", "net/b");

    DnsPolicy intercept = dnsPolicy("net", "dns", "corp", Mode.Intercept, "net/a", "net/b");
    DnsPolicyResolver.Verdict i = plan(intercept).dns().verdict("net/dns").orElseThrow();
    assertThat(i.honoured()).isTrue();
    assertThat(i.endpoints()).isEmpty();
    assertThat(plan(intercept).config().hubs().get(0).dns().mode()).isEqualTo("Intercept");
  }

  @Test
  void noPolicyLeavesTheDocumentWithoutDns() {
    assertThat(plan().config().hubs().get(0).dns()).isNull();
  }

  @Test
  void eachRejectionNamesTheFieldAndTheValueAndChangesNothing() {
    assertRejected(
        dnsPolicy("net", "dns", "corp", Mode.Endpoint, "net/a", "team/x"),
        "AttachmentNotFound",
        "spec.attachments[1]",
        "team/x",
        "net/corp");
    assertRejected(
        withZone(dnsPolicy("net", "dns", "corp", Mode.Endpoint), "b.internal", "net/nope"),
        "AttachmentNotFound",
        "spec.zones[0].attachment",
        "net/nope");
    assertRejected(
        withRecord(
            dnsPolicy("net", "dns", "corp", Mode.Endpoint),
            "db.b.internal",
            "net/zz",
            "192.168.1.1"),
        "AttachmentNotFound",
        "spec.records[0].attachment",
        "net/zz");
    assertRejected(
        withZone(
            withZone(dnsPolicy("net", "dns", "corp", Mode.Endpoint), "b.internal", "b"),
            "B.internal",
            "c"),
        "ZoneConflict",
        "spec.zones[1].domain",
        "b.internal",
        "net/b");
    assertRejected(
        withZone(
            dnsPolicy("net", "dns", "corp", Mode.Share, "net/a", "net/b"), "c.internal", "net/c"),
        "ZoneConflict",
        "spec.zones[0]",
        "c.internal",
        "net/c",
        "spec.attachments");
    assertRejected(
        withRecord(
            dnsPolicy("net", "dns", "corp", Mode.Endpoint), "db.b.internal", "b", "10.1.0.5"),
        "AddressOutsideCidrs",
        "spec.records[0].addresses[0]",
        "10.1.0.5",
        "192.168.1.0/24");
    assertRejected(
        withRecord(
            withRecord(
                dnsPolicy("net", "dns", "corp", Mode.Endpoint),
                "db.b.internal",
                "b",
                "192.168.1.1"),
            "db.b.internal",
            "c",
            "192.168.1.2"),
        "DuplicateRecord",
        "spec.records[1].name",
        "db.b.internal");
    DnsPolicy badUpstream = dnsPolicy("net", "dns", "corp", Mode.Endpoint);
    badUpstream.getSpec().upstreams = List.of("10.0.0.300");
    assertRejected(badUpstream, "InvalidAddress", "spec.upstreams[0]", "10.0.0.300");
    DnsPolicy badTtl = dnsPolicy("net", "dns", "corp", Mode.Endpoint);
    badTtl.getSpec().ttlSeconds = 100000;
    assertRejected(badTtl, "InvalidTtl", "spec.ttlSeconds", "100000");
  }

  @Test
  void aZoneOwnerWithoutResolversIsRejected() {
    abc.get(1).getSpec().dnsServers = null;
    assertRejected(
        withZone(dnsPolicy("net", "dns", "corp", Mode.Share), "b.internal", "b"),
        "NoDnsServers",
        "spec.zones[0].attachment",
        "net/b",
        "spec.dnsServers");
  }

  @Test
  void anAttachmentTheHubDoesNotAcceptCannotShare() {
    corp.getSpec().sharing = new SharingSpec();
    corp.getSpec().sharing.namespaces = List.of("team");
    corp.getSpec().sharing.requireAcceptance = true;
    abc.add(created(attachment("team", "vpc", "net", "corp", "10.9.0.0/16"), 4));

    assertRejected(
        dnsPolicy("net", "dns", "corp", Mode.Endpoint, "team/vpc"),
        "AttachmentNotAccepted",
        "spec.attachments[0]",
        "team/vpc",
        "PendingAcceptance");

    corp.getSpec().sharing.accepted = List.of("team/vpc");
    assertThat(plan(dnsPolicy("net", "dns", "corp", Mode.Endpoint, "team/vpc")).dns().honoured())
        .isEqualTo("net/dns");
  }

  @Test
  void theOldestValidPolicyWinsAndTheOthersAreInConflictNamingIt() {
    DnsPolicy invalid = created(dnsPolicy("net", "broken", "corp", Mode.Endpoint, "net/none"), 1);
    DnsPolicy older = created(dnsPolicy("net", "older", "corp", Mode.Share), 2);
    DnsPolicy newer = created(dnsPolicy("net", "newer", "corp", Mode.Intercept), 3);

    HubPlan plan = plan(newer, invalid, older);

    assertThat(plan.dns().honoured()).isEqualTo("net/older");
    assertThat(plan.config().hubs().get(0).dns().mode()).isEqualTo("Share");
    Problem conflict = plan.dns().verdict("net/newer").orElseThrow().problem();
    assertThat(conflict.reason()).isEqualTo("Conflict");
    assertThat(conflict.message()).contains("net/older");
    assertThat(plan.dns().verdict("net/broken").orElseThrow().problem().reason())
        .isEqualTo("AttachmentNotFound");

    DnsPolicyStatus status =
        DnsPolicyStatuses.of(newer, plan.dns().verdict("net/newer").orElseThrow(), Instant.EPOCH);
    Condition ready = ConditionSet.find(status.conditions, "Ready");
    assertThat(ready.status).isEqualTo(Condition.Status.False);
    assertThat(ready.reason).isEqualTo("Conflict");
    assertThat(status.endpoints).isEmpty();
  }

  @Test
  void aPolicyOutsideTheHubsNamespaceIsNotPermitted() {
    DnsPolicy foreign = dnsPolicy("team", "dns", "corp", Mode.Endpoint);
    foreign.getSpec().hubRef.namespace = "net";

    HubPlan plan = plan(foreign);

    Problem p = plan.dns().verdict("team/dns").orElseThrow().problem();
    assertThat(p.reason()).isEqualTo("RefNotPermitted");
    assertThat(p.message()).contains("spec.hubRef", "net/corp", "team");
    assertThat(plan.config().hubs().get(0).dns()).isNull();
    assertThat(DnsPolicyResolver.hubRef(foreign)).isEqualTo("net/corp");
  }

  @Test
  void aPolicyBeingDeletedIsIgnored() {
    DnsPolicy p = dnsPolicy("net", "dns", "corp", Mode.Endpoint);
    p.getMetadata().setDeletionTimestamp("2026-01-01T00:00:09Z");
    assertThat(plan(p).config().hubs().get(0).dns()).isNull();
  }

  private void assertRejected(DnsPolicy p, String reason, String... inMessage) {
    HubPlan plan = plan(p);
    Problem problem = plan.dns().verdict(DnsPolicyResolver.ref(p)).orElseThrow().problem();
    assertThat(problem).as("problem of %s", p.getSpec()).isNotNull();
    assertThat(problem.reason()).isEqualTo(reason);
    assertThat(problem.message()).contains(inMessage);
    assertThat(plan.config().hubs().get(0).dns()).as("a bad policy changes nothing").isNull();
    DnsPolicyStatus status =
        DnsPolicyStatuses.of(
            p, plan.dns().verdict(DnsPolicyResolver.ref(p)).orElseThrow(), Instant.EPOCH);
    assertThat(ConditionSet.find(status.conditions, "Accepted").reason).isEqualTo(reason);
    assertThat(ConditionSet.find(status.conditions, "Ready").status)
        .isEqualTo(Condition.Status.False);
  }

  private HubPlan plan(DnsPolicy... policies) {
    return HubPlanner.plan(
        new HubPlanner.Inputs(
            corp, abc, HubPlannerTest.pods(3), Map.of(), List.of(), List.of(policies)));
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T created(
      T o, int second) {
    o.getMetadata().setCreationTimestamp("2026-01-01T00:00:0" + second + "Z");
    return o;
  }
}
