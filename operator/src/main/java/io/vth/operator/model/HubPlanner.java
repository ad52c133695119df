package io.vth.operator.model;

import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentSpec;
import io.vth.api.v1alpha1.HubAttachmentStatus;
import io.vth.api.v1alpha1.RoutingDomain;
import io.vth.api.v1alpha1.ShuffleShardSpec;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.addr.Cidr;
import io.vth.core.addr.CidrSet;
import io.vth.core.addr.IpAddress;
import io.vth.core.config.DecisionConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plans a hub from its resources: which attachments connect (sharing and validation), their VNIs,
 * gateways and shuffle shards, the compiled route tables, each network's propagated routes, the DNS
 * policy in effect and the decision config document. Pure and deterministic: the same inputs give
 * the same plan.
 */
public final class HubPlanner {

  /** Reason: {@code spec.tunnel.vni} is used by an older attachment. */
  public static final String DUPLICATE_VNI = "DuplicateVni";

  /** Reason: {@code spec.tunnel.hubAddress} overlaps an older attachment's gateway subnet. */
  public static final String DUPLICATE_HUB_ADDRESS = "DuplicateHubAddress";

  /** Default VXLAN port of a tunnel endpoint. */
  public static final int DEFAULT_TUNNEL_PORT = 4789;

  /**
   * What the planner reads.
   *
   * @param hub the hub
   * @param attachments attachments whose {@code hubRef} names the hub
   * @param pods the cell's dataplane pods
   * @param namespaceLabels labels of the attachments' namespaces (for a namespace selector)
   * @param mappings translation mappings whose {@code hubRef} names the hub
   * @param dnsPolicies DNS policies whose {@code hubRef} names the hub
   */
  public record Inputs(
      VirtualTrafficHub hub,
      List<HubAttachment> attachments,
      List<ShardCandidate> pods,
      Map<String, Map<String, String>> namespaceLabels,
      List<TranslationMapping> mappings,
      List<DnsPolicy> dnsPolicies) {

    /** Inputs without DNS policies. */
    public Inputs(
        VirtualTrafficHub hub,
        List<HubAttachment> attachments,
        List<ShardCandidate> pods,
        Map<String, Map<String, String>> namespaceLabels,
        List<TranslationMapping> mappings) {
      this(hub, attachments, pods, namespaceLabels, mappings, List.of());
    }

    /** Inputs without translation mappings. */
    public Inputs(
        VirtualTrafficHub hub,
        List<HubAttachment> attachments,
        List<ShardCandidate> pods,
        Map<String, Map<String, String>> namespaceLabels) {
      this(hub, attachments, pods, namespaceLabels, List.of(), List.of());
    }
  }

  private HubPlanner() {}

  /** The plan for {@code in}. */
  public static HubPlan plan(Inputs in) {
    VirtualTrafficHub hub = in.hub();
    String hubNamespace = hub.getMetadata().getNamespace();
    String hubRef = hubNamespace + "/" + hub.getMetadata().getName();
    List<RoutingDomain> domains = domains(hub);
    List<String> domainNames = domains.stream().map(d -> d.name).toList();
    List<HubAttachment> ordered = ordered(in.attachments());

    Map<String, Problem> problems = new HashMap<>();
    for (HubAttachment a : ordered) {
      String ns = a.getMetadata().getNamespace();
      SharingPolicy.check(
              hubNamespace,
              hubRef,
              hub.getSpec() == null ? null : hub.getSpec().sharing,
              ns,
              a.getMetadata().getName(),
              in.namespaceLabels().get(ns))
          .or(() -> AttachmentValidator.check(a.getSpec(), domainNames))
          .ifPresent(p -> problems.put(ref(a), p));
    }
    Map<String, HubAttachment> resources = new HashMap<>();
    List<OverlapResolver.Member> candidates = new ArrayList<>();
    for (HubAttachment a : ordered) {
      resources.put(ref(a), a);
      if (!problems.containsKey(ref(a))) {
        candidates.add(
            new OverlapResolver.Member(
                ref(a),
                AttachmentValidator.domain(a.getSpec()),
                AttachmentValidator.cidrs("spec.cidrs", a.getSpec().cidrs, new ArrayList<>())));
      }
    }
    OverlapResolver.Result overlaps =
        OverlapResolver.resolve(
            hub, candidates, in.mappings() == null ? List.of() : in.mappings(), resources);
    overlaps
        .decisions()
        .forEach(
            (ref, d) -> {
              if (d.rejected() != null) {
                problems.put(ref, d.rejected());
              }
            });
    Map<String, Integer> vnis = allocateVnis(ordered, problems);
    Map<String, String> gateways = allocateGateways(ordered, problems);

    List<HubAttachment> connected =
        ordered.stream().filter(a -> !problems.containsKey(ref(a))).toList();
    List<RouteCompiler.Member> members =
        connected.stream().map(a -> member(a, overlaps.decision(ref(a)))).toList();
    RouteCompiler.Result compiled = RouteCompiler.compile(hubNamespace, domains, members);
    Map<String, List<String>> shards = shards(hub, connected, in.pods());

    List<AttachmentPlan> plans = new ArrayList<>();
    for (HubAttachment a : ordered) {
      String ref = ref(a);
      Problem problem = problems.get(ref);
      RouteCompiler.Member m = member(a, overlaps.decision(ref));
      boolean ok = problem == null;
      plans.add(
          new AttachmentPlan(
              ref,
              a,
              problem,
              m.domain(),
              ok ? vnis.get(ref) : null,
              ok ? gateways.get(ref) : null,
              ok ? m.advertised() : List.of(),
              ok ? shards.get(ref) : List.of(),
              ok ? propagated(a, m, compiled.domains().get(m.domain())) : List.of(),
              overlaps.decision(ref)));
    }
    String cell = ObjectNames.cell(hub.getMetadata().getName());
    DnsPolicyResolver.Result dns =
        DnsPolicyResolver.resolve(hubNamespace, hubRef, in.dnsPolicies(), plans);
    DecisionConfig config =
        DecisionConfigBuilder.build(
            cell,
            hubRef,
            compiled.domains(),
            plans,
            dns.dns(),
            DecisionConfigBuilder.limits(hub.getSpec().limits));
    return new HubPlan(
        cell, List.copyOf(plans), compiled.domains(), config, compiled.problems(), overlaps, dns);
  }

  /**
   * The routes {@code a} should point at the hub, without any prefix that overlaps its own real
   * ranges (the network reaches those itself; an overlapping network is seen translated or not at
   * all).
   */
  private static List<RouteCompiler.Route> propagated(
      HubAttachment a, RouteCompiler.Member m, List<RouteCompiler.Route> domainRoutes) {
    List<Cidr> own = AttachmentValidator.cidrs("spec.cidrs", a.getSpec().cidrs, new ArrayList<>());
    // Its own ranges, merged (so disjoint) and by first address: a route overlaps one of them
    // exactly when the last range starting at or below the route's last address reaches its first.
    // One lookup per route instead of a scan of every own range (10^4 x 10^5 with large networks).
    TreeMap<IpAddress, IpAddress> spans = new TreeMap<>();
    for (Cidr c : CidrSet.of(own).cidrs()) {
      spans.put(c.first(), c.last());
    }
    return RouteCompiler.propagated(m, domainRoutes).stream()
        .filter(
            r -> {
              Map.Entry<IpAddress, IpAddress> below = spans.floorEntry(r.prefix().last());
              return below == null || below.getValue().compareTo(r.prefix().first()) < 0;
            })
        .toList();
  }

  /** The hub's routing domains; one named {@code default} when it lists none. */
  public static List<RoutingDomain> domains(VirtualTrafficHub hub) {
    List<RoutingDomain> listed = hub.getSpec() == null ? null : hub.getSpec().routingDomains;
    if (listed == null || listed.isEmpty()) {
      RoutingDomain d = new RoutingDomain();
      d.name = AttachmentValidator.DEFAULT_DOMAIN;
      return List.of(d);
    }
    return listed;
  }

  /** {@code namespace/name} of {@code a}. */
  public static String ref(HubAttachment a) {
    return a.getMetadata().getNamespace() + "/" + a.getMetadata().getName();
  }

  /** Attachments not being deleted, oldest first, then by reference. */
  static List<HubAttachment> ordered(List<HubAttachment> attachments) {
    return attachments.stream()
        .filter(a -> a.getMetadata().getDeletionTimestamp() == null)
        .sorted(
            Comparator.comparing(
                    (HubAttachment a) ->
                        Optional.ofNullable(a.getMetadata().getCreationTimestamp()).orElse(""))
                .thenComparing(HubPlanner::ref))
        .toList();
  }

  private static Map<String, Integer> allocateVnis(
      List<HubAttachment> ordered, Map<String, Problem> problems) {
    List<VniAllocator.Claim> claims = new ArrayList<>();
    for (HubAttachment a : ordered) {
      if (!problems.containsKey(ref(a))) {
        HubAttachmentStatus s = a.getStatus();
        claims.add(
            new VniAllocator.Claim(ref(a), a.getSpec().tunnel.vni, s == null ? null : s.vni));
      }
    }
    VniAllocator.Result r = VniAllocator.allocate(claims);
    r.conflicts().forEach((ref, msg) -> problems.put(ref, new Problem(DUPLICATE_VNI, msg)));
    return r.vnis();
  }

  private static Map<String, String> allocateGateways(
      List<HubAttachment> ordered, Map<String, Problem> problems) {
    List<GatewayAllocator.Claim> claims = new ArrayList<>();
    for (HubAttachment a : ordered) {
      if (!problems.containsKey(ref(a))) {
        HubAttachmentStatus s = a.getStatus();
        String previous = s == null || s.gateway == null ? null : s.gateway.address;
        claims.add(new GatewayAllocator.Claim(ref(a), a.getSpec().tunnel.hubAddress, previous));
      }
    }
    GatewayAllocator.Result r = GatewayAllocator.allocate(claims);
    r.conflicts().forEach((ref, msg) -> problems.put(ref, new Problem(DUPLICATE_HUB_ADDRESS, msg)));
    return r.gateways();
  }

  private static Map<String, List<String>> shards(
      VirtualTrafficHub hub, List<HubAttachment> connected, List<ShardCandidate> pods) {
    ShuffleShardSpec spec =
        hub.getSpec() == null || hub.getSpec().cell == null
            ? null
            : hub.getSpec().cell.shuffleShard;
    int size = spec == null || spec.size == null ? 3 : spec.size;
    int overlap = spec == null || spec.maxOverlap == null ? 1 : spec.maxOverlap;
    Map<String, List<String>> previous = new HashMap<>();
    for (HubAttachment a : connected) {
      if (a.getStatus() != null && a.getStatus().shard != null) {
        previous.put(ref(a), a.getStatus().shard);
      }
    }
    return ShuffleShard.choose(
        connected.stream().map(HubPlanner::ref).toList(),
        pods.stream().map(ShardCandidate::name).toList(),
        new ShuffleShard.Params(size, overlap),
        previous);
  }

  /** The attachment as the route compiler sees it (its prefixes parsed; bad ones left out). */
  private static RouteCompiler.Member member(HubAttachment a, OverlapResolver.Decision overlap) {
    HubAttachmentSpec spec = a.getSpec();
    List<String> ignored = new ArrayList<>();
    List<Cidr> cidrs = AttachmentValidator.cidrs("spec.cidrs", spec.cidrs, ignored);
    List<Cidr> advertised = cidrs;
    List<Cidr> accept = null;
    if (spec.routes != null) {
      if (spec.routes.advertise != null) {
        advertised = AttachmentValidator.cidrs("advertise", spec.routes.advertise, ignored);
      }
      if (spec.routes.accept != null) {
        accept = AttachmentValidator.cidrs("accept", spec.routes.accept, ignored);
      }
    }
    return new RouteCompiler.Member(
        ref(a), AttachmentValidator.domain(spec), overlap.visible(advertised), accept);
  }
}
