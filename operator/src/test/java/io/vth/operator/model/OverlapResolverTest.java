package io.vth.operator.model;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vth.api.v1alpha1.AddressOverlapSpec;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.ObjectRef;
import io.vth.api.v1alpha1.PrefixMapping;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.TranslationMappingSpec;
import io.vth.api.v1alpha1.TranslationMappingStatus.State;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overlap detection and the four policies on the plan A 10.1.0.0/16, B and C 192.168.1.0/24. */
class OverlapResolverTest {

  private final VirtualTrafficHub corp = hub("net", "corp", "a");

  @Test
  void notifyConnectsTheNewerForItsNonOverlappingPartOnly() {
    HubPlan plan = plan(AddressOverlapSpec.Policy.Notify);

    assertThat(plan.overlaps().overlaps())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.older()).isEqualTo("net/b");
              assertThat(o.newer()).isEqualTo("net/c");
              assertThat(o.ranges()).extracting(Object::toString).containsExactly("192.168.1.0/24");
            });
    AttachmentPlan c = plan.attachment("net/c").orElseThrow();
    assertThat(c.accepted()).isTrue();
    assertThat(c.advertised()).isEmpty();
    assertThat(c.overlap().unresolved()).contains("192.168.1.0/24", "net/b", "Notify");
    assertThat(plan.attachment("net/b").orElseThrow().overlap().unresolved()).isNull();
    assertThat(prefixes(plan, "net/a")).containsExactly("192.168.1.0/24 net/b");
    assertThat(plan.config().hubs().get(0).translations()).isEmpty();
    assertThat(plan.overlaps().desired()).isEmpty();
    // Anti-spoofing: C owns nothing of B's range, so it may not send from it.
    assertThat(configAttachment(plan, "net/c").cidrs()).isEmpty();
    assertThat(configAttachment(plan, "net/b").cidrs()).containsExactly("192.168.1.0/24");
  }

  private static DecisionConfig.Attachment configAttachment(HubPlan plan, String name) {
    return plan.config().hubs().get(0).attachments().stream()
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void rejectLeavesTheNewerDisconnected() {
    HubPlan plan = plan(AddressOverlapSpec.Policy.Reject);

    Problem p = plan.attachment("net/c").orElseThrow().problem();
    assertThat(p.reason()).isEqualTo("AddressOverlap");
    assertThat(p.message()).contains("spec.cidrs", "192.168.1.0/24", "net/b", "Reject");
    assertThat(plan.config().hubs().get(0).attachments())
        .extracting(DecisionConfig.Attachment::name)
        .containsExactly("net/a", "net/b");
  }

  @Test
  void proposeCreatesAnUnapprovedMappingFromThePoolAndUsesItOnceApproved() throws Exception {
    HubPlan plan = plan(AddressOverlapSpec.Policy.Propose);

    TranslationMapping proposed = plan.overlaps().desired().get(0);
    assertThat(OverlapResolver.ref(proposed)).isEqualTo("net/c-translation");
    assertThat(proposed.getSpec().origin).isEqualTo(TranslationMappingSpec.Origin.Proposed);
    assertThat(proposed.getSpec().approved).isFalse();
    assertThat(proposed.getSpec().mappings)
        .extracting(m -> m.from + ">" + m.to)
        .containsExactly("192.168.1.0/24>100.64.0.0/24");
    assertThat(proposed.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("c");
    assertThat(plan.overlaps().mappings().get("net/c-translation").state())
        .isEqualTo(State.PendingApproval);
    assertThat(plan.attachment("net/c").orElseThrow().overlap().unresolved())
        .contains("waits for approval");
    assertThat(plan.config().hubs().get(0).translations()).isEmpty();

    // the next plan sees the created mapping: still pending, same proposal
    HubPlan again = plan(AddressOverlapSpec.Policy.Propose, proposed);
    assertThat(again.overlaps().desired().get(0).getSpec().mappings.get(0).to)
        .isEqualTo("100.64.0.0/24");
    assertThat(again.overlaps().mappings().get("net/c-translation").state())
        .isEqualTo(State.PendingApproval);

    proposed.getSpec().approved = true;
    HubPlan approved = plan(AddressOverlapSpec.Policy.Propose, proposed);
    assertTranslated(approved, "net/c-translation", "100.64.0.0/24");
    assertThat(approved.overlaps().stale()).isEmpty();
  }

  @Test
  void automaticCreatesAndUsesTheMappingAtOnce() throws Exception {
    HubPlan plan = plan(AddressOverlapSpec.Policy.Automatic);

    TranslationMapping auto = plan.overlaps().desired().get(0);
    assertThat(auto.getSpec().origin).isEqualTo(TranslationMappingSpec.Origin.Automatic);
    assertTranslated(plan, "net/c-translation", "100.64.0.0/24");

    HubPlan again = plan(AddressOverlapSpec.Policy.Automatic, auto);
    assertTranslated(again, "net/c-translation", "100.64.0.0/24");
    assertThat(again.overlaps().stale()).isEmpty();

    // changing the policy re-evaluates: the operator's mapping goes, the overlap is reported
    HubPlan notify = plan(AddressOverlapSpec.Policy.Notify, auto);
    assertThat(notify.overlaps().stale()).containsExactly("net/c-translation");
    assertThat(notify.attachment("net/c").orElseThrow().overlap().unresolved()).isNotNull();
    assertThat(notify.config().hubs().get(0).translations()).isEmpty();
  }

  @Test
  void aUserMappingWinsOverEveryPolicy() throws Exception {
    TranslationMapping user = user("net", "c-user", "net", "c", "192.168.1.0/24", "100.100.7.0/24");
    for (AddressOverlapSpec.Policy p : AddressOverlapSpec.Policy.values()) {
      HubPlan plan = plan(p, user);
      assertTranslated(plan, "net/c-user", "100.100.7.0/24");
      assertThat(plan.overlaps().desired()).isEmpty();
    }
  }

  @Test
  void automaticTranslationsNeverOverlapRealRangesOrOtherMappings() {
    corp.getSpec().addressOverlap = new AddressOverlapSpec();
    corp.getSpec().addressOverlap.policy = AddressOverlapSpec.Policy.Automatic;
    corp.getSpec().addressOverlap.translationPool = "100.64.0.0/22";
    TranslationMapping user = user("net", "c-user", "net", "c", "192.168.1.0/24", "100.64.1.0/24");
    HubPlan plan =
        HubPlanner.plan(
            new HubPlanner.Inputs(
                corp,
                List.of(
                    created(attachment("net", "a", "net", "corp", "100.64.0.0/24"), 1),
                    created(attachment("net", "b", "net", "corp", "192.168.1.0/24"), 2),
                    created(attachment("net", "c", "net", "corp", "192.168.1.0/24"), 3),
                    created(attachment("net", "d", "net", "corp", "192.168.1.0/24"), 4)),
                HubPlannerTest.pods(3),
                Map.of(),
                List.of(user)));

    assertThat(plan.overlaps().desired())
        .singleElement()
        .satisfies(m -> assertThat(m.getSpec().mappings.get(0).to).isEqualTo("100.64.2.0/24"));
    assertThat(plan.config().hubs().get(0).translations())
        .extracting(DecisionConfig.Translation::to)
        .containsExactlyInAnyOrder("100.64.1.0/24", "100.64.2.0/24");
  }

  @Test
  void anExhaustedPoolLeavesTheOverlapReportedWithTheReason() {
    corp.getSpec().addressOverlap = new AddressOverlapSpec();
    corp.getSpec().addressOverlap.policy = AddressOverlapSpec.Policy.Automatic;
    corp.getSpec().addressOverlap.translationPool = "100.64.0.0/25";
    HubPlan plan =
        planOf(
            created(attachment("net", "b", "net", "corp", "192.168.1.0/24"), 1),
            created(attachment("net", "c", "net", "corp", "192.168.1.0/24"), 2));

    assertThat(plan.overlaps().desired()).isEmpty();
    AttachmentPlan c = plan.attachment("net/c").orElseThrow();
    assertThat(c.advertised()).isEmpty();
    assertThat(c.overlap().unresolved())
        .contains("spec.addressOverlap.translationPool", "100.64.0.0/25", "/24");
  }

  @Test
  void invalidMappingsGetReasonsNamingFieldAndValue() {
    List<TranslationMapping> ms = new ArrayList<>();
    ms.add(user("net", "unequal", "net", "c", "192.168.1.0/24", "100.100.0.0/16"));
    ms.add(user("net", "outside", "net", "c", "10.9.0.0/24", "100.100.1.0/24"));
    ms.add(user("net", "real", "net", "c", "192.168.1.0/24", "10.1.7.0/24"));
    ms.add(user("other", "foreign", "net", "c", "192.168.1.0/24", "100.100.2.0/24"));
    ms.add(user("net", "good", "net", "c", "192.168.1.0/24", "100.100.3.0/24"));
    ms.add(user("net", "twice", "net", "b", "192.168.1.0/24", "100.100.3.0/24"));
    HubPlan plan = plan(AddressOverlapSpec.Policy.Notify, ms.toArray(TranslationMapping[]::new));
    Map<String, OverlapResolver.MappingVerdict> v = plan.overlaps().mappings();

    assertThat(v.get("net/unequal").state()).isEqualTo(State.Invalid);
    assertThat(v.get("net/unequal").reason()).isEqualTo("UnequalPrefixLength");
    assertThat(v.get("net/unequal").message()).contains("spec.mappings[0]", "100.100.0.0/16");
    assertThat(v.get("net/outside").reason()).isEqualTo("FromOutsideCidrs");
    assertThat(v.get("net/outside").message()).contains("spec.mappings[0].from", "10.9.0.0/24");
    assertThat(v.get("net/real").state()).isEqualTo(State.Conflict);
    assertThat(v.get("net/real").conflicts().get(0)).contains("10.1.7.0/24", "net/a");
    assertThat(v.get("other/foreign").reason()).isEqualTo("RefNotPermitted");
    assertThat(v.get("other/foreign").message()).contains("spec.attachmentRef", "net/c");
    assertThat(v.get("net/good").state()).isEqualTo(State.Active);
    assertThat(v.get("net/twice").state()).isEqualTo(State.Conflict);
    assertThat(v.get("net/twice").message()).contains("100.100.3.0/24", "another mapping");
  }

  @Test
  void aCidrChangeThatCreatesAnOverlapIsDetectedOnTheNextPlan() {
    HubAttachment a = created(attachment("net", "a", "net", "corp", "10.1.0.0/16"), 1);
    HubAttachment b = created(attachment("net", "b", "net", "corp", "192.168.2.0/24"), 2);
    assertThat(planOf(a, b).overlaps().overlaps()).isEmpty();

    b.getSpec().cidrs = List.of("10.1.128.0/24");
    HubPlan plan = planOf(a, b);
    assertThat(plan.overlaps().overlaps())
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.ranges())
                    .extracting(Object::toString)
                    .containsExactly("10.1.128.0/24"));
    assertThat(plan.attachment("net/b").orElseThrow().overlap().overlaps()).containsKey("net/a");
  }

  @Test
  void attachmentsInOtherDomainsDoNotOverlap() {
    io.vth.operator.Fixtures.withDomains(corp, "x", "y");
    HubAttachment b =
        io.vth.operator.Fixtures.inDomain(
            created(attachment("net", "b", "net", "corp", "192.168.1.0/24"), 1), "x");
    HubAttachment c =
        io.vth.operator.Fixtures.inDomain(
            created(attachment("net", "c", "net", "corp", "192.168.1.0/24"), 2), "y");
    assertThat(planOf(b, c).overlaps().overlaps()).isEmpty();
  }

  private void assertTranslated(HubPlan plan, String mapping, String to) throws Exception {
    AttachmentPlan c = plan.attachment("net/c").orElseThrow();
    assertThat(c.accepted()).isTrue();
    assertThat(c.overlap().unresolved()).isNull();
    assertThat(c.overlap().translations())
        .extracting(t -> t.mapping() + " " + t.from() + ">" + t.to())
        .containsExactly(mapping + " 192.168.1.0/24>" + to);
    assertThat(c.advertised()).extracting(Object::toString).containsExactly(to);
    assertThat(prefixes(plan, "net/a")).containsExactly(to + " net/c", "192.168.1.0/24 net/b");
    assertThat(prefixes(plan, "net/b"))
        .contains(to + " net/c")
        .doesNotContain("192.168.1.0/24 net/c");
    assertThat(plan.overlaps().mappings().get(mapping).state()).isEqualTo(State.Active);
    DecisionConfig doc =
        DecisionConfigJson.parse(
            DecisionConfigJson.write(DecisionConfigBuilder.withGeneration(plan.config(), 1)));
    assertThat(doc.hubs().get(0).translations())
        .containsExactly(new DecisionConfig.Translation("net/c", "192.168.1.0/24", to));
    assertThat(plan.routes().get("default"))
        .extracting(r -> r.prefix() + " " + r.attachment())
        .containsExactly("10.1.0.0/16 net/a", to + " net/c", "192.168.1.0/24 net/b");
  }

  private static List<String> prefixes(HubPlan plan, String ref) {
    return plan.attachment(ref).orElseThrow().propagated().stream()
        .map(r -> r.prefix() + " " + r.origin())
        .toList();
  }

  private HubPlan plan(AddressOverlapSpec.Policy policy, TranslationMapping... mappings) {
    corp.getSpec().addressOverlap = new AddressOverlapSpec();
    corp.getSpec().addressOverlap.policy = policy;
    return HubPlanner.plan(
        new HubPlanner.Inputs(
            corp,
            List.of(
                created(attachment("net", "a", "net", "corp", "10.1.0.0/16"), 1),
                created(attachment("net", "b", "net", "corp", "192.168.1.0/24"), 2),
                created(attachment("net", "c", "net", "corp", "192.168.1.0/24"), 3)),
            HubPlannerTest.pods(3),
            Map.of(),
            List.of(mappings)));
  }

  private HubPlan planOf(HubAttachment... attachments) {
    return HubPlanner.plan(
        new HubPlanner.Inputs(corp, List.of(attachments), HubPlannerTest.pods(3), Map.of()));
  }

  static TranslationMapping user(
      String ns, String name, String attNs, String att, String from, String to) {
    TranslationMapping m = new TranslationMapping();
    m.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    TranslationMappingSpec s = new TranslationMappingSpec();
    s.hubRef = new ObjectRef("corp", "net");
    s.attachmentRef = new ObjectRef(att, attNs);
    s.mappings = List.of(new PrefixMapping(from, to));
    s.origin = TranslationMappingSpec.Origin.User;
    s.approved = false;
    m.setSpec(s);
    return m;
  }

  private static HubAttachment created(HubAttachment a, int second) {
    a.getMetadata().setCreationTimestamp("2026-01-01T00:00:0" + second + "Z");
    return a;
  }
}
