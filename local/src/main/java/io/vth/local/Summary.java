package io.vth.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentStatus;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.api.v1alpha1.VirtualTrafficHubStatus;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the hubs look like right now, read from the API, and whether it is what is expected. */
final class Summary {

  /** An attachment the example expects not to become Ready carries this annotation = "false". */
  static final String EXPECT_READY = "vth.io/expect-ready";

  private final KubernetesClient client;
  private final LocalKubelet kubelet;

  Summary(KubernetesClient client, LocalKubelet kubelet) {
    this.client = client;
    this.kubelet = kubelet;
  }

  List<VirtualTrafficHub> hubs() {
    return sorted(client.resources(VirtualTrafficHub.class).inAnyNamespace().list().getItems());
  }

  List<HubAttachment> attachments() {
    return sorted(client.resources(HubAttachment.class).inAnyNamespace().list().getItems());
  }

  List<TranslationMapping> mappings() {
    return sorted(client.resources(TranslationMapping.class).inAnyNamespace().list().getItems());
  }

  List<DnsPolicy> dnsPolicies() {
    return sorted(client.resources(DnsPolicy.class).inAnyNamespace().list().getItems());
  }

  /** Why the state is not yet as expected, or empty when it is. */
  Optional<String> notYet() {
    List<VirtualTrafficHub> hubs = hubs();
    if (hubs.isEmpty()) {
      return Optional.of("no hub in the example");
    }
    for (VirtualTrafficHub h : hubs) {
      if (!isTrue(h.getStatus() == null ? null : h.getStatus().conditions, "Ready")) {
        return Optional.of("hub " + ref(h) + " is not Ready yet");
      }
    }
    for (HubAttachment a : attachments()) {
      List<Condition> c = a.getStatus() == null ? null : a.getStatus().conditions;
      if (expectsReady(a)) {
        if (!isTrue(c, "Ready")) {
          return Optional.of("attachment " + ref(a) + " is not Ready yet");
        }
      } else if (find(c, "Ready").map(x -> x.status != Condition.Status.False).orElse(true)) {
        return Optional.of("attachment " + ref(a) + " has no Ready=False verdict yet");
      }
    }
    for (DnsPolicy d : dnsPolicies()) {
      List<Condition> c = d.getStatus() == null ? null : d.getStatus().conditions;
      if (expectsReady(d)) {
        if (!isTrue(c, "Ready")) {
          return Optional.of("DNS policy " + ref(d) + " is not Ready yet");
        }
      } else if (find(c, "Ready").map(x -> x.status != Condition.Status.False).orElse(true)) {
        return Optional.of("DNS policy " + ref(d) + " has no Ready=False verdict yet");
      }
    }
    return Optional.empty();
  }

  static boolean expectsReady(io.fabric8.kubernetes.api.model.HasMetadata a) {
    Map<String, String> ann = a.getMetadata().getAnnotations();
    return ann == null || !"false".equalsIgnoreCase(ann.get(EXPECT_READY));
  }

  /**
   * The endpoint a network's tunnel targets in local mode: one dataplane pod per hub, the one in
   * the most shards of the hub's attachments (then by name). Every network of a hub sends to the
   * same pod because a dataplane pod learns a network's neighbours (ARP replies) only from what
   * that network sends to it: a network must send to the pod that forwards to it.
   */
  Optional<LocalKubelet.LocalPod> endpointPod(HubAttachment a) {
    if (a.getStatus() == null || a.getStatus().shard == null || a.getStatus().shard.isEmpty()) {
      return Optional.empty();
    }
    String hub = hubOf(a);
    Map<String, Long> counts =
        attachments().stream()
            .filter(
                x -> hub.equals(hubOf(x)) && x.getStatus() != null && x.getStatus().shard != null)
            .flatMap(x -> x.getStatus().shard.stream())
            .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    List<LocalKubelet.LocalPod> pods = kubelet.pods();
    return counts.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey))
        .map(e -> pods.stream().filter(p -> p.name.equals(e.getKey())).findFirst())
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static String hubOf(HubAttachment a) {
    var ref = a.getSpec().hubRef;
    if (ref == null) {
      return "";
    }
    String ns = ref.namespace == null ? a.getMetadata().getNamespace() : ref.namespace;
    return ns + "/" + ref.name;
  }

  /** The summary text. */
  String render() {
    StringBuilder out = new StringBuilder();
    List<VirtualTrafficHub> hubs = hubs();
    List<HubAttachment> attachments = attachments();
    for (VirtualTrafficHub h : hubs) {
      VirtualTrafficHubStatus s = h.getStatus();
      out.append("hub ")
          .append(ref(h))
          .append(": ")
          .append(condition(s == null ? null : s.conditions, "Ready"))
          .append('\n');
      if (s != null && s.cell != null) {
        out.append("  cell ").append(s.cell.name).append(", zones:");
        for (VirtualTrafficHubStatus.ZoneStatus z : s.cell.zones) {
          out.append(' ')
              .append(z.zone)
              .append(" (dataplane ")
              .append(z.actionNodesReady)
              .append(" ready, decision ")
              .append(z.decisionNodesReady)
              .append(" ready)");
        }
        out.append('\n');
        out.append("  config generation ").append(s.configGeneration).append('\n');
      }
      out.append("  local pods: ").append(kubelet.describe()).append('\n');
      conditions(out, s == null ? null : s.conditions);
      if (s != null && !s.overlaps.isEmpty()) {
        for (VirtualTrafficHubStatus.HubOverlap o : s.overlaps) {
          out.append("  overlap ").append(o.a).append(" / ").append(o.b).append(": ");
          out.append(String.join(", ", o.ranges)).append('\n');
        }
      }
      routes(out, h);
    }
    for (HubAttachment a : attachments) {
      HubAttachmentStatus s = a.getStatus();
      out.append("attachment ")
          .append(ref(a))
          .append(" (hub ")
          .append(a.getSpec().hubRef == null ? "?" : a.getSpec().hubRef.name)
          .append(", domain ")
          .append(a.getSpec().routingDomain == null ? "default" : a.getSpec().routingDomain)
          .append("): ")
          .append(condition(s == null ? null : s.conditions, "Ready"))
          .append(expectsReady(a) ? "" : " (expected: not Ready)")
          .append('\n');
      out.append("  cidrs ").append(String.join(", ", a.getSpec().cidrs));
      if (s != null) {
        out.append(", VNI ").append(s.vni == null ? "-" : s.vni.toString());
        out.append(", gateway ").append(s.gateway == null ? "-" : s.gateway.address);
      }
      out.append('\n');
      Optional<LocalKubelet.LocalPod> pod = endpointPod(a);
      out.append("  endpoint ")
          .append(
              pod.map(
                      p ->
                          "udp "
                              + LocalKubelet.LOCAL_IP
                              + ":"
                              + p.udpPort()
                              + " (pod "
                              + p.name
                              + ")")
                  .orElse("none yet"));
      if (s != null && !s.shard.isEmpty()) {
        out.append(", shard ").append(String.join(", ", s.shard));
      }
      out.append('\n');
      if (s != null && !s.propagatedRoutes.isEmpty()) {
        out.append("  learns ")
            .append(
                s.propagatedRoutes.stream()
                    .map(r -> r.prefix + " (" + r.origin + ")")
                    .collect(Collectors.joining(", ")))
            .append('\n');
      }
      if (s != null) {
        for (HubAttachmentStatus.Translation t : s.translations) {
          out.append("  translated ").append(t.from).append(" -> ").append(t.to);
          out.append(" (mapping ").append(t.mapping).append(")\n");
        }
      }
      conditions(out, s == null ? null : s.conditions);
    }
    for (TranslationMapping m : mappings()) {
      var s = m.getStatus();
      out.append("mapping ")
          .append(ref(m))
          .append(": ")
          .append(s == null || s.state == null ? "no state yet" : s.state.toString())
          .append(" (")
          .append(m.getSpec().origin)
          .append(", attachment ")
          .append(m.getSpec().attachmentRef == null ? "?" : m.getSpec().attachmentRef.name)
          .append(")");
      out.append(" ");
      out.append(
          m.getSpec().mappings.stream()
              .map(x -> x.from + " -> " + x.to)
              .collect(Collectors.joining(", ")));
      out.append('\n');
      conditions(out, s == null ? null : s.conditions);
    }
    for (DnsPolicy d : dnsPolicies()) {
      dnsPolicy(out, d);
    }
    return out.toString();
  }

  private static void dnsPolicy(StringBuilder out, DnsPolicy d) {
    var spec = d.getSpec();
    var s = d.getStatus();
    out.append("dns policy ")
        .append(ref(d))
        .append(": ")
        .append(condition(s == null ? null : s.conditions, "Ready"))
        .append(" (mode ")
        .append(spec.mode)
        .append(spec.ttlSeconds == null ? "" : ", ttl " + spec.ttlSeconds + " s")
        .append(")\n");
    if (spec.zones != null) {
      for (var z : spec.zones) {
        out.append("  zone ").append(z.domain).append(" -> ").append(z.attachment).append('\n');
      }
    }
    if (spec.records != null) {
      for (var r : spec.records) {
        out.append("  record ")
            .append(r.name)
            .append(" -> ")
            .append(String.join(", ", r.addresses == null ? List.of() : r.addresses))
            .append(" (in ")
            .append(r.attachment)
            .append(")\n");
      }
    }
    if (s != null && s.endpoints != null) {
      for (var e : s.endpoints) {
        out.append("  resolver for ")
            .append(e.attachment)
            .append(": ")
            .append(e.address)
            .append(':')
            .append(e.port)
            .append('\n');
      }
    }
    conditions(out, s == null ? null : s.conditions);
  }

  private void routes(StringBuilder out, VirtualTrafficHub h) {
    String cell =
        h.getStatus() == null || h.getStatus().cell == null ? null : h.getStatus().cell.name;
    if (cell == null) {
      return;
    }
    ConfigMap cm =
        client
            .configMaps()
            .inNamespace(h.getMetadata().getNamespace())
            .withName(cell + "-decision-config")
            .get();
    if (cm == null || cm.getData() == null || !cm.getData().containsKey("decision-config.json")) {
      return;
    }
    try {
      DecisionConfig config =
          DecisionConfigJson.parse(
              cm.getData().get("decision-config.json").getBytes(StandardCharsets.UTF_8));
      for (DecisionConfig.Hub hub : config.hubs()) {
        for (DecisionConfig.Domain d : hub.domains()) {
          out.append("  routing domain ").append(d.name()).append(":");
          if (d.routes().isEmpty()) {
            out.append(" no routes");
          }
          out.append('\n');
          for (DecisionConfig.Route r : d.routes()) {
            out.append("    ")
                .append(r.prefix())
                .append(" -> ")
                .append(r.blackhole() ? "blackhole" : r.attachment())
                .append('\n');
          }
        }
      }
    } catch (RuntimeException | io.vth.core.config.InvalidConfigException e) {
      out.append("  (decision config unreadable: ").append(e.getMessage()).append(")\n");
    }
  }

  private static void conditions(StringBuilder out, List<Condition> conditions) {
    if (conditions == null) {
      return;
    }
    for (Condition c : conditions) {
      out.append("    ")
          .append(c.type)
          .append('=')
          .append(c.status)
          .append(' ')
          .append(c.reason == null ? "" : c.reason);
      if (c.message != null && !c.message.isBlank()) {
        out.append(": ").append(c.message);
      }
      out.append('\n');
    }
  }

  static String condition(List<Condition> conditions, String type) {
    return find(conditions, type)
        .map(c -> (c.status == Condition.Status.True ? type : "Not" + type) + reasonOf(c))
        .orElse("no " + type + " condition yet");
  }

  private static String reasonOf(Condition c) {
    return c.status == Condition.Status.True || c.reason == null ? "" : " (" + c.reason + ")";
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.type)).findFirst();
  }

  static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> c.status == Condition.Status.True).orElse(false);
  }

  static String ref(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> sorted(
      List<T> items) {
    List<T> copy = new ArrayList<>(items);
    copy.sort(Comparator.comparing(Summary::ref));
    return copy;
  }
}
