package io.vth.operator.reconciler;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.dataplanePod;
import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vth.api.v1alpha1.AddressOverlapSpec;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.ObjectRef;
import io.vth.api.v1alpha1.PrefixMapping;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.TranslationMappingSpec;
import io.vth.api.v1alpha1.TranslationMappingStatus.State;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 against the Fabric8 mock API server: each overlap policy on the plan A 10.1.0.0/16, B
 * 192.168.1.0/24, C 192.168.1.0/24 (created in that order), approval, post-attach CIDR changes and
 * invalid mappings.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OverlapPolicyIT {

  @Inject KubernetesClient client;

  OperatorHarness k8s;

  @BeforeEach
  void harness() {
    k8s = new OperatorHarness(client);
  }

  @Test
  void notifyConnectsTheNewerForItsNonOverlappingPartAndReports() {
    String ns = "ov-notify";
    abc(ns, AddressOverlapSpec.Policy.Notify);

    k8s.eventually(
        () -> {
          VirtualTrafficHub hub = k8s.hub(ns, "corp");
          assertThat(hub.getStatus().overlaps)
              .singleElement()
              .satisfies(
                  o -> {
                    assertThat(o.a).isEqualTo(ns + "/b");
                    assertThat(o.b).isEqualTo(ns + "/c");
                    assertThat(o.ranges).containsExactly("192.168.1.0/24");
                  });
          HubAttachment c = k8s.attachment(ns, "c");
          assertThat(k8s.condition(c, "Accepted").status).isEqualTo(Condition.Status.True);
          Condition resolved = k8s.condition(c, "AddressesResolved");
          assertThat(resolved.status).isEqualTo(Condition.Status.False);
          assertThat(resolved.reason).isEqualTo("AddressOverlap");
          assertThat(resolved.message).contains("192.168.1.0/24", ns + "/b");
          assertThat(c.getStatus().overlaps)
              .singleElement()
              .satisfies(o -> assertThat(o.attachment).isEqualTo(ns + "/b"));
          assertThat(k8s.condition(k8s.attachment(ns, "b"), "AddressesResolved").status)
              .isEqualTo(Condition.Status.True);
          assertThat(k8s.routeTable(ns, "a")).containsExactly("192.168.1.0/24");
          assertThat(k8s.routeTable(ns, "c")).containsExactly("10.1.0.0/16");
          DecisionConfig config = k8s.config(ns, "corp");
          assertThat(config.hubs().get(0).attachments()).hasSize(3);
          assertThat(config.hubs().get(0).translations()).isEmpty();
          assertThat(OperatorHarness.routes(config, "default"))
              .containsExactlyInAnyOrderEntriesOf(
                  Map.of("10.1.0.0/16", ns + "/a", "192.168.1.0/24", ns + "/b"));
          assertThat(eventReasons(ns, "c")).contains("AddressOverlapDetected");
          assertThat(eventReasons(ns, "corp")).contains("AddressOverlapDetected");
        },
        ns);
  }

  @Test
  void rejectLeavesTheNewerDisconnected() {
    String ns = "ov-reject";
    abc(ns, AddressOverlapSpec.Policy.Reject);

    k8s.eventually(
        () -> {
          HubAttachment c = k8s.attachment(ns, "c");
          Condition accepted = k8s.condition(c, "Accepted");
          assertThat(accepted.status).isEqualTo(Condition.Status.False);
          assertThat(accepted.reason).isEqualTo("AddressOverlap");
          assertThat(accepted.message).contains("192.168.1.0/24", ns + "/b", "Reject");
          assertThat(k8s.condition(c, "AddressesResolved").reason).isEqualTo("AddressOverlap");
          assertThat(k8s.routeTable(ns, "c")).isEmpty();
          assertThat(k8s.routeTable(ns, "a")).containsExactly("192.168.1.0/24");
          DecisionConfig config = k8s.config(ns, "corp");
          assertThat(config.hubs().get(0).attachments())
              .extracting(DecisionConfig.Attachment::name)
              .containsExactlyInAnyOrder(ns + "/a", ns + "/b");
          assertThat(k8s.hub(ns, "corp").getStatus().overlaps).hasSize(1);
          assertThat(eventReasons(ns, "c")).contains("AddressOverlapDetected", "AddressOverlap");
        },
        ns);
  }

  @Test
  void proposeCreatesAMappingThatIsUsedOnceApproved() {
    String ns = "ov-propose";
    abc(ns, AddressOverlapSpec.Policy.Propose);

    k8s.eventually(
        () -> {
          TranslationMapping m = mapping(ns, "c-translation");
          assertThat(m).isNotNull();
          assertThat(m.getSpec().origin).isEqualTo(TranslationMappingSpec.Origin.Proposed);
          assertThat(m.getSpec().approved).isFalse();
          assertThat(m.getSpec().attachmentRef.name).isEqualTo("c");
          assertThat(m.getSpec().mappings)
              .extracting(p -> p.from + ">" + p.to)
              .containsExactly("192.168.1.0/24>100.64.0.0/24");
          assertThat(m.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("c");
          assertThat(m.getStatus().state).isEqualTo(State.PendingApproval);
          Condition resolved = k8s.condition(k8s.attachment(ns, "c"), "AddressesResolved");
          assertThat(resolved.reason).isEqualTo("AddressOverlap");
          assertThat(resolved.message).contains("waits for approval");
          assertThat(k8s.config(ns, "corp").hubs().get(0).translations()).isEmpty();
        },
        ns);

    k8s.edit(TranslationMapping.class, ns, "c-translation", m -> m.getSpec().approved = true);

    k8s.eventually(() -> assertTranslated(ns, "c-translation", "100.64.0.0/24"), ns);
  }

  @Test
  void automaticCreatesAndUsesTheMappingAtOnce() {
    String ns = "ov-auto";
    abc(ns, AddressOverlapSpec.Policy.Automatic);

    k8s.eventually(
        () -> {
          TranslationMapping m = mapping(ns, "c-translation");
          assertThat(m.getSpec().origin).isEqualTo(TranslationMappingSpec.Origin.Automatic);
          assertTranslated(ns, "c-translation", "100.64.0.0/24");
        },
        ns);

    // back to Notify: the operator's mapping goes and the overlap is reported again
    k8s.editHub(
        ns, "corp", h -> h.getSpec().addressOverlap.policy = AddressOverlapSpec.Policy.Notify);
    k8s.eventually(
        () -> {
          assertThat(mapping(ns, "c-translation")).isNull();
          assertThat(k8s.condition(k8s.attachment(ns, "c"), "AddressesResolved").reason)
              .isEqualTo("AddressOverlap");
          assertThat(k8s.config(ns, "corp").hubs().get(0).translations()).isEmpty();
        },
        ns);
  }

  @Test
  void aUserMappingWinsEvenUnderReject() {
    String ns = "ov-user";
    abc(ns, AddressOverlapSpec.Policy.Reject);
    k8s.create(user(ns, "c-mine", ns, "c", "192.168.1.0/24", "100.100.7.0/24"));

    k8s.eventually(() -> assertTranslated(ns, "c-mine", "100.100.7.0/24"), ns);
  }

  @Test
  void aCidrChangeAfterAttachmentThatCreatesAnOverlapIsDetected() {
    String ns = "ov-change";
    k8s.namespaces(ns);
    VirtualTrafficHub hub = hub(ns, "corp", "a");
    hub.getSpec().addressOverlap = new AddressOverlapSpec();
    hub.getSpec().addressOverlap.policy = AddressOverlapSpec.Policy.Notify;
    k8s.create(hub);
    k8s.create(attachment(ns, "a", ns, "corp", "10.1.0.0/16"));
    k8s.eventually(
        () ->
            assertThat(k8s.condition(k8s.attachment(ns, "a"), "Accepted").status)
                .isEqualTo(Condition.Status.True),
        ns);
    k8s.create(attachment(ns, "b", ns, "corp", "192.168.2.0/24"));
    k8s.eventually(
        () -> {
          Condition r = k8s.condition(k8s.attachment(ns, "b"), "AddressesResolved");
          assertThat(r.status).isEqualTo(Condition.Status.True);
          assertThat(r.reason).isEqualTo("NoOverlap");
        },
        ns);

    k8s.edit(HubAttachment.class, ns, "b", b -> b.getSpec().cidrs = List.of("10.1.128.0/24"));

    k8s.eventually(
        () -> {
          Condition r = k8s.condition(k8s.attachment(ns, "b"), "AddressesResolved");
          assertThat(r.status).isEqualTo(Condition.Status.False);
          assertThat(r.reason).isEqualTo("AddressOverlap");
          assertThat(k8s.hub(ns, "corp").getStatus().overlaps)
              .singleElement()
              .satisfies(o -> assertThat(o.ranges).containsExactly("10.1.128.0/24"));
          assertThat(eventReasons(ns, "b")).contains("AddressOverlapDetected");
          assertThat(k8s.routeTable(ns, "a")).isEmpty();
        },
        ns);
  }

  @Test
  void invalidMappingsGetTheirReasons() {
    String ns = "ov-invalid";
    abc(ns, AddressOverlapSpec.Policy.Notify);
    k8s.namespaces("ov-other");
    k8s.create(user(ns, "unequal", ns, "c", "192.168.1.0/24", "100.100.0.0/16"));
    k8s.create(user(ns, "outside", ns, "c", "10.9.0.0/24", "100.100.1.0/24"));
    k8s.create(user(ns, "real", ns, "c", "192.168.1.0/24", "10.1.7.0/24"));
    k8s.create(user("ov-other", "foreign", ns, "c", "192.168.1.0/24", "100.100.2.0/24"));

    k8s.eventually(
        () -> {
          assertState(ns, "unequal", State.Invalid, "UnequalPrefixLength", "100.100.0.0/16");
          assertState(ns, "outside", State.Invalid, "FromOutsideCidrs", "10.9.0.0/24");
          assertState(ns, "real", State.Conflict, "TranslationConflict", "10.1.7.0/24");
          assertThat(mapping(ns, "real").getStatus().conflicts).isNotEmpty();
          assertState("ov-other", "foreign", State.Invalid, "RefNotPermitted", ns + "/c");
          assertThat(k8s.config(ns, "corp").hubs().get(0).translations()).isEmpty();
          assertThat(k8s.condition(k8s.attachment(ns, "c"), "AddressesResolved").reason)
              .isEqualTo("AddressOverlap");
        },
        ns,
        "ov-other");
  }

  private void assertState(String ns, String name, State state, String reason, String value) {
    TranslationMapping m = mapping(ns, name);
    assertThat(m.getStatus().state).as(name).isEqualTo(state);
    Condition ready = io.vth.operator.model.ConditionSet.find(m.getStatus().conditions, "Ready");
    assertThat(ready.status).isEqualTo(Condition.Status.False);
    assertThat(ready.reason).as(name).isEqualTo(reason);
    assertThat(ready.message).as(name).contains("spec.", value);
  }

  private void assertTranslated(String ns, String mapping, String to) throws Exception {
    TranslationMapping m = mapping(ns, mapping);
    assertThat(m.getStatus().state).isEqualTo(State.Active);
    assertThat(m.getStatus().activeSince).isNotNull();
    HubAttachment c = k8s.attachment(ns, "c");
    assertThat(k8s.condition(c, "Accepted").status).isEqualTo(Condition.Status.True);
    Condition resolved = k8s.condition(c, "AddressesResolved");
    assertThat(resolved.status).isEqualTo(Condition.Status.True);
    assertThat(resolved.reason).isEqualTo("Translated");
    assertThat(c.getStatus().translations)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.mapping).isEqualTo(ns + "/" + mapping);
              assertThat(t.from).isEqualTo("192.168.1.0/24");
              assertThat(t.to).isEqualTo(to);
            });
    DecisionConfig config = k8s.config(ns, "corp");
    assertThat(config.hubs().get(0).translations())
        .containsExactly(new DecisionConfig.Translation(ns + "/c", "192.168.1.0/24", to));
    assertThat(OperatorHarness.routes(config, "default"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("10.1.0.0/16", ns + "/a", "192.168.1.0/24", ns + "/b", to, ns + "/c"));
    assertThat(k8s.routeTable(ns, "a")).containsExactlyInAnyOrder("192.168.1.0/24", to);
    assertThat(k8s.routeTable(ns, "b")).containsExactlyInAnyOrder("10.1.0.0/16", to);
  }

  /** Hub corp with {@code policy} and attachments a, b, c of the three-network plan, in order. */
  private void abc(String ns, AddressOverlapSpec.Policy policy) {
    k8s.namespaces(ns);
    for (int i = 0; i < 3; i++) {
      k8s.create(dataplanePod(ns, "corp", "a", "corp-dataplane-a-" + i, "10.0.1." + (10 + i)));
    }
    VirtualTrafficHub hub = hub(ns, "corp", "a");
    hub.getSpec().addressOverlap = new AddressOverlapSpec();
    hub.getSpec().addressOverlap.policy = policy;
    hub.getSpec().addressOverlap.translationPool = "100.64.0.0/10";
    k8s.create(hub);
    k8s.create(attachment(ns, "a", ns, "corp", "10.1.0.0/16"));
    k8s.create(attachment(ns, "b", ns, "corp", "192.168.1.0/24"));
    k8s.create(attachment(ns, "c", ns, "corp", "192.168.1.0/24"));
  }

  private TranslationMapping mapping(String ns, String name) {
    return client.resources(TranslationMapping.class).inNamespace(ns).withName(name).get();
  }

  private List<String> eventReasons(String ns, String involved) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  private static TranslationMapping user(
      String ns, String name, String attNs, String att, String from, String to) {
    TranslationMapping m = new TranslationMapping();
    m.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    TranslationMappingSpec s = new TranslationMappingSpec();
    s.hubRef = new ObjectRef("corp", attNs);
    s.attachmentRef = new ObjectRef(att, attNs);
    s.mappings = List.of(new PrefixMapping(from, to));
    s.origin = TranslationMappingSpec.Origin.User;
    s.approved = false;
    m.setSpec(s);
    return m;
  }
}
