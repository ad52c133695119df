package io.vth.operator.reconciler;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.dnsPolicy;
import static io.vth.operator.Fixtures.hub;
import static io.vth.operator.Fixtures.withDnsServers;
import static io.vth.operator.Fixtures.withRecord;
import static io.vth.operator.Fixtures.withZone;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.DnsPolicySpec.Mode;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.core.config.DecisionConfig;
import io.vth.operator.model.ConditionSet;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DnsPolicy against the Fabric8 mock API server, on the plan: A 10.1.0.0/16, B and C both
 * 192.168.1.0/24, each with a resolver, zones b.internal and c.internal. Each scenario in its own
 * namespace.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class DnsPolicyIT {

  @Inject KubernetesClient client;

  OperatorHarness k8s;

  @BeforeEach
  void harness() {
    k8s = new OperatorHarness(client);
  }

  @Test
  void anEndpointPolicyIsPublishedAndListsTheHubsResolverInEachNetwork() {
    String ns = "dns-endpoint";
    abc(ns);
    k8s.create(
        withRecord(
            withZone(
                withZone(dnsPolicy(ns, "dns", "corp", Mode.Endpoint), "b.internal", "b"),
                "c.internal",
                "c"),
            "db.c.internal",
            "c",
            "192.168.1.10"));

    k8s.eventually(
        () -> {
          DnsPolicy p = policy(ns, "dns");
          assertCondition(p, "Ready", Condition.Status.True, "InEffect");
          assertThat(p.getStatus().observedGeneration).isEqualTo(p.getMetadata().getGeneration());
          assertThat(p.getStatus().endpoints).hasSize(3);
          for (String name : List.of("a", "b", "c")) {
            HubAttachment a = k8s.attachment(ns, name);
            String gateway = a.getStatus().gateway.address;
            assertThat(p.getStatus().endpoints)
                .filteredOn(e -> e.attachment.equals(ns + "/" + name))
                .singleElement()
                .satisfies(
                    e -> {
                      assertThat(gateway).isEqualTo(e.address + "/30");
                      assertThat(e.port).isEqualTo(53);
                    });
          }
          DecisionConfig.Dns dns = dns(ns);
          assertThat(dns.mode()).isEqualTo("Endpoint");
          assertThat(dns.ttlSeconds()).isEqualTo(30);
          assertThat(dns.zones())
              .containsExactly(
                  new DecisionConfig.Zone("b.internal", ns + "/b"),
                  new DecisionConfig.Zone("c.internal", ns + "/c"));
          assertThat(dns.records())
              .containsExactly(
                  new DecisionConfig.DnsRecord(
                      "db.c.internal", ns + "/c", List.of("192.168.1.10")));
          assertThat(eventReasons(ns, "dns")).contains("DnsPolicyAccepted");
        },
        ns);
  }

  @Test
  void changingThePolicyChangesThePublishedConfig() throws Exception {
    String ns = "dns-change";
    abc(ns);
    k8s.create(withZone(dnsPolicy(ns, "dns", "corp", Mode.Endpoint), "b.internal", "b"));
    k8s.eventually(() -> assertThat(dns(ns).mode()).isEqualTo("Endpoint"), ns);
    long before = k8s.config(ns, "corp").generation();

    edit(
        ns,
        "dns",
        p -> {
          p.getSpec().mode = Mode.Intercept;
          p.getSpec().attachments = List.of(ns + "/b", ns + "/c");
          p.getSpec().upstreams = List.of("10.0.0.2");
          p.getSpec().ttlSeconds = 5;
        });

    k8s.eventually(
        () -> {
          DecisionConfig config = k8s.config(ns, "corp");
          assertThat(config.generation()).isGreaterThan(before);
          DecisionConfig.Dns dns = config.hubs().get(0).dns();
          assertThat(dns.mode()).isEqualTo("Intercept");
          assertThat(dns.attachments()).containsExactly(ns + "/b", ns + "/c");
          assertThat(dns.upstreams()).containsExactly("10.0.0.2");
          assertThat(dns.ttlSeconds()).isEqualTo(5);
          DnsPolicy p = policy(ns, "dns");
          assertThat(p.getStatus().observedGeneration).isEqualTo(p.getMetadata().getGeneration());
          assertThat(p.getStatus().endpoints).as("Intercept needs no resolver").isEmpty();
        },
        ns);

    // An edit that makes the policy invalid withdraws its rules: nothing of it is half-applied.
    edit(ns, "dns", p -> withZone(p, "c.internal", "nowhere"));
    k8s.eventually(
        () -> {
          assertCondition(policy(ns, "dns"), "Ready", Condition.Status.False, "AttachmentNotFound");
          assertThat(dns(ns)).isNull();
        },
        ns);

    client.resources(DnsPolicy.class).inNamespace(ns).withName("dns").delete();
    k8s.eventually(() -> assertThat(dns(ns)).isNull(), ns);
  }

  @Test
  void eachInvalidPolicyIsRejectedWithItsReasonAndThePublishedConfigHasNoDns() {
    String ns = "dns-invalid";
    abc(ns);
    k8s.create(dnsPolicy(ns, "unknown", "corp", Mode.Endpoint, "b", "elsewhere/x"));
    k8s.create(
        withZone(dnsPolicy(ns, "unshared-zone", "corp", Mode.Share, "a", "b"), "c.internal", "c"));
    k8s.create(
        withRecord(
            dnsPolicy(ns, "outside", "corp", Mode.Endpoint), "db.b.internal", "b", "10.1.0.9"));
    DnsPolicy upstream = dnsPolicy(ns, "upstream", "corp", Mode.Endpoint);
    upstream.getSpec().upstreams = List.of("10.0.0.999");
    k8s.create(upstream);
    k8s.create(dnsPolicy(ns, "no-hub", "missing", Mode.Endpoint));
    k8s.namespaces(ns + "-tenant");
    DnsPolicy foreign = dnsPolicy(ns + "-tenant", "foreign", "corp", Mode.Endpoint);
    foreign.getSpec().hubRef.namespace = ns;
    k8s.create(foreign);

    k8s.eventually(
        () -> {
          assertRejected(ns, "unknown", "AttachmentNotFound", "spec.attachments[1]", "elsewhere/x");
          assertRejected(
              ns, "unshared-zone", "ZoneConflict", "spec.zones[0]", "c.internal", ns + "/c");
          assertRejected(
              ns, "outside", "AddressOutsideCidrs", "spec.records[0].addresses[0]", "10.1.0.9");
          assertRejected(ns, "upstream", "InvalidAddress", "spec.upstreams[0]", "10.0.0.999");
          assertRejected(ns, "no-hub", "HubNotFound", "spec.hubRef", ns + "/missing");
          assertRejected(ns + "-tenant", "foreign", "RefNotPermitted", "spec.hubRef", ns + "/corp");
          assertThat(k8s.config(ns, "corp").hubs().get(0).attachments()).hasSize(3);
          assertThat(dns(ns)).as("no invalid policy reaches the config").isNull();
          assertThat(eventReasons(ns, "outside")).contains("AddressOutsideCidrs");
        },
        ns);
  }

  @Test
  void theOldestPolicyIsHonouredAndANewerOneIsInConflictUntilTheOlderGoes() {
    String ns = "dns-conflict";
    abc(ns);
    k8s.create(withZone(dnsPolicy(ns, "dns-a", "corp", Mode.Share), "b.internal", "b"));
    k8s.eventually(
        () -> assertCondition(policy(ns, "dns-a"), "Ready", Condition.Status.True, "InEffect"), ns);
    k8s.create(withZone(dnsPolicy(ns, "dns-b", "corp", Mode.Endpoint), "c.internal", "c"));

    k8s.eventually(
        () -> {
          DnsPolicy b = policy(ns, "dns-b");
          Condition ready = assertCondition(b, "Ready", Condition.Status.False, "Conflict");
          assertThat(ready.message).contains(ns + "/dns-a");
          assertThat(b.getStatus().endpoints).isEmpty();
          assertThat(dns(ns).mode()).isEqualTo("Share");
          assertThat(eventReasons(ns, "dns-b")).contains("Conflict");
        },
        ns);

    client.resources(DnsPolicy.class).inNamespace(ns).withName("dns-a").delete();

    k8s.eventually(
        () -> {
          assertCondition(policy(ns, "dns-b"), "Ready", Condition.Status.True, "InEffect");
          assertThat(dns(ns).mode()).isEqualTo("Endpoint");
          assertThat(dns(ns).zones())
              .containsExactly(new DecisionConfig.Zone("c.internal", ns + "/c"));
          assertThat(policy(ns, "dns-b").getStatus().endpoints).hasSize(3);
        },
        ns);
  }

  @Test
  void aSharingAttachmentThatLeavesTheHubInvalidatesThePolicy() {
    String ns = "dns-detach";
    abc(ns);
    k8s.create(dnsPolicy(ns, "dns", "corp", Mode.Endpoint, "a", "c"));
    k8s.eventually(() -> assertThat(policy(ns, "dns").getStatus().endpoints).hasSize(2), ns);

    client.resources(HubAttachment.class).inNamespace(ns).withName("c").delete();

    k8s.eventually(
        () -> {
          assertRejected(ns, "dns", "AttachmentNotFound", "spec.attachments[1]", ns + "/c");
          assertThat(dns(ns)).isNull();
        },
        ns);
  }

  private void abc(String ns) {
    k8s.namespaces(ns);
    k8s.create(hub(ns, "corp", "a"));
    k8s.create(withDnsServers(attachment(ns, "a", ns, "corp", "10.1.0.0/16"), "10.1.0.2"));
    k8s.create(withDnsServers(attachment(ns, "b", ns, "corp", "192.168.1.0/24"), "192.168.1.53"));
    k8s.create(withDnsServers(attachment(ns, "c", ns, "corp", "192.168.1.0/24"), "192.168.1.53"));
    k8s.eventually(
        () -> {
          for (String name : List.of("a", "b", "c")) {
            assertThat(k8s.condition(k8s.attachment(ns, name), "Accepted").status)
                .isEqualTo(Condition.Status.True);
          }
        },
        ns);
  }

  private DnsPolicy policy(String ns, String name) {
    return client.resources(DnsPolicy.class).inNamespace(ns).withName(name).get();
  }

  private DecisionConfig.Dns dns(String ns) throws Exception {
    return k8s.config(ns, "corp").hubs().get(0).dns();
  }

  private void edit(String ns, String name, Consumer<DnsPolicy> change) {
    k8s.edit(DnsPolicy.class, ns, name, change);
  }

  private static Condition assertCondition(
      DnsPolicy p, String type, Condition.Status status, String reason) {
    assertThat(p.getStatus()).as("status of " + p.getMetadata().getName()).isNotNull();
    Condition c = ConditionSet.find(p.getStatus().conditions, type);
    assertThat(c).as(type + " of " + p.getMetadata().getName()).isNotNull();
    assertThat(c.status).as(type + " of " + p.getMetadata().getName()).isEqualTo(status);
    assertThat(c.reason).isEqualTo(reason);
    assertThat(c.observedGeneration).isEqualTo(p.getMetadata().getGeneration());
    return c;
  }

  private void assertRejected(String ns, String name, String reason, String... inMessage) {
    DnsPolicy p = policy(ns, name);
    assertCondition(p, "Accepted", Condition.Status.False, reason);
    Condition ready = assertCondition(p, "Ready", Condition.Status.False, reason);
    assertThat(ready.message).contains(inMessage);
    assertThat(p.getStatus().endpoints).isEmpty();
  }

  private List<String> eventReasons(String ns, String involved) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }
}
