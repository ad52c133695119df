package io.vth.decision;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.PrefixTranslation;
import io.vth.core.config.DecisionConfig;
import io.vth.core.lpm.Ipv4LpmTable;
import io.vth.core.lpm.Ipv6LpmTable;
import io.vth.core.lpm.LpmTable;
import io.vth.core.packet.Ethernet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One generation of the decision config compiled for lookups: attachments by VNI, and per routing
 * domain a longest-prefix-match table for each address family. Immutable; a new generation replaces
 * the whole object.
 */
public final class DecisionTables {

  /**
   * An attachment with its parsed addresses, the translations of its real ranges ({@code
   * translations}: real to translated) and the same reversed ({@code inbound}: translated to real),
   * both computed once per generation.
   */
  public record AttachmentInfo(
      String name,
      int vni,
      Domain domain,
      int remoteIpv4,
      int port,
      int gatewayIpv4,
      long gatewayMac,
      List<Cidr> cidrs,
      List<PrefixTranslation> translations,
      List<PrefixTranslation> inbound) {}

  /** A route's target: an attachment, or a blackhole when {@code attachment} is null. */
  public record Target(String prefix, AttachmentInfo attachment) {
    /** Whether traffic to this route is dropped. */
    public boolean isBlackhole() {
      return attachment == null;
    }
  }

  /** The route tables of one routing domain of one hub. */
  public static final class Domain {
    final String hub;
    final String name;
    Ipv4LpmTable ipv4;
    Ipv6LpmTable ipv6;
    final List<Target> targets = new ArrayList<>();

    Domain(String hub, String name) {
      this.hub = hub;
      this.name = name;
    }

    /** The route for an IPv4 destination, or null. */
    public Target lookupIpv4(int address) {
      int i = ipv4.lookup(address);
      return i == LpmTable.NO_MATCH ? null : targets.get(i);
    }

    /** The route for an IPv6 destination, or null. */
    public Target lookupIpv6(long hi, long lo) {
      int i = ipv6.lookup(hi, lo);
      return i == LpmTable.NO_MATCH ? null : targets.get(i);
    }

    /** Routes in the domain. */
    public int routeCount() {
      return targets.size();
    }

    @Override
    public String toString() {
      return hub + "/" + name;
    }
  }

  /**
   * A hub whose DNS mode is Intercept: the TTL cap and who shares DNS.
   *
   * @param ttlCap highest TTL of rewritten answers (0: no cap)
   * @param shared attachments that share DNS; empty means every attachment of the hub
   */
  record DnsIntercept(int ttlCap, Set<String> shared) {
    boolean covers(String attachment) {
      return shared.isEmpty() || shared.contains(attachment);
    }
  }

  /** The largest TTL the {@code dns_rewrite} helper can carry. */
  static final int MAX_TTL_CAP = 0xffff;

  private final long generation;
  private final Map<Integer, AttachmentInfo> byVni;
  private final Map<String, DnsIntercept> interceptByHub;

  private DecisionTables(
      long generation,
      Map<Integer, AttachmentInfo> byVni,
      Map<String, DnsIntercept> interceptByHub) {
    this.generation = generation;
    this.byVni = byVni;
    this.interceptByHub = interceptByHub;
  }

  /** Compiles a validated config (see {@code DecisionConfigJson.parse}). */
  public static DecisionTables compile(DecisionConfig config) {
    Map<Integer, AttachmentInfo> byVni = new HashMap<>();
    Map<String, DnsIntercept> intercept = new HashMap<>();
    for (DecisionConfig.Hub hub : config.hubs()) {
      DecisionConfig.Dns dns = hub.dns();
      if (dns != null && "Intercept".equals(dns.mode())) {
        int cap = Math.min(Math.max(dns.ttlSeconds(), 0), MAX_TTL_CAP);
        intercept.put(hub.name(), new DnsIntercept(cap, Set.copyOf(dns.attachments())));
      }
      Map<String, Domain> domains = new HashMap<>();
      for (DecisionConfig.Domain d : hub.domains()) {
        domains.put(d.name(), new Domain(hub.name(), d.name()));
      }
      Map<String, List<PrefixTranslation>> translations = new HashMap<>();
      for (DecisionConfig.Translation t : hub.translations()) {
        translations
            .computeIfAbsent(t.attachment(), k -> new ArrayList<>())
            .add(PrefixTranslation.of(Cidr.parse(t.from()), Cidr.parse(t.to())));
      }
      Map<String, AttachmentInfo> byName = new HashMap<>();
      for (DecisionConfig.Attachment a : hub.attachments()) {
        AttachmentInfo info = attachment(a, domains.get(a.domain()), translations);
        byName.put(a.name(), info);
        byVni.put(a.vni(), info);
      }
      for (DecisionConfig.Domain d : hub.domains()) {
        fill(domains.get(d.name()), d.routes(), byName);
      }
    }
    return new DecisionTables(config.generation(), Map.copyOf(byVni), Map.copyOf(intercept));
  }

  private static AttachmentInfo attachment(
      DecisionConfig.Attachment a,
      Domain domain,
      Map<String, List<PrefixTranslation>> translations) {
    Cidr gateway = Cidr.parseLenient(a.gateway());
    IpAddress gatewayAddress = IpAddress.parse(a.gateway().substring(0, a.gateway().indexOf('/')));
    if (!gatewayAddress.isIpv4() || !gateway.family().equals(gatewayAddress.family())) {
      throw new IllegalArgumentException("gateway \"" + a.gateway() + "\" is not IPv4");
    }
    IpAddress remote = IpAddress.parse(a.remote());
    if (!remote.isIpv4()) {
      throw new IllegalArgumentException("tunnel remote \"" + a.remote() + "\" is not IPv4");
    }
    return new AttachmentInfo(
        a.name(),
        a.vni(),
        domain,
        remote.ipv4(),
        a.port(),
        gatewayAddress.ipv4(),
        Ethernet.parseMac(a.gatewayMac()),
        a.cidrs().stream().map(Cidr::parse).toList(),
        List.copyOf(translations.getOrDefault(a.name(), List.of())),
        translations.getOrDefault(a.name(), List.of()).stream()
            .map(PrefixTranslation::inverse)
            .toList());
  }

  private static void fill(
      Domain domain, List<DecisionConfig.Route> routes, Map<String, AttachmentInfo> byName) {
    Ipv4LpmTable.Builder v4 = Ipv4LpmTable.builder();
    Ipv6LpmTable.Builder v6 = Ipv6LpmTable.builder();
    for (DecisionConfig.Route r : routes) {
      Cidr prefix = Cidr.parse(r.prefix());
      int index = domain.targets.size();
      domain.targets.add(new Target(r.prefix(), r.blackhole() ? null : byName.get(r.attachment())));
      if (prefix.network().isIpv4()) {
        v4.add(prefix, index);
      } else {
        v6.add(prefix, index);
      }
    }
    domain.ipv4 = v4.build();
    domain.ipv6 = v6.build();
  }

  /** The generation these tables were compiled from. */
  public long generation() {
    return generation;
  }

  /**
   * The TTL cap (0: none) for DNS responses from {@code from} to {@code to} when their hub's DNS
   * mode is Intercept and both share DNS; -1 when such responses are not rewritten.
   */
  public int dnsInterceptTtl(AttachmentInfo from, AttachmentInfo to) {
    if (from.domain() == null || to.domain() == null) {
      return -1;
    }
    DnsIntercept d = interceptByHub.get(from.domain().hub);
    if (d == null || !from.domain().hub.equals(to.domain().hub)) {
      return -1;
    }
    return d.covers(from.name()) && d.covers(to.name()) ? d.ttlCap() : -1;
  }

  /** The attachment of {@code vni}, or null. */
  public AttachmentInfo attachment(int vni) {
    return byVni.get(vni);
  }

  /** Every attachment. */
  public Iterable<AttachmentInfo> attachments() {
    return byVni.values();
  }
}
