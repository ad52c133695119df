package io.vth.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The decision config document: everything the pods of one cell need, published by the operator as
 * one versioned JSON document and swapped by the pods atomically when its generation grows.
 *
 * @param schemaVersion version of this document's layout; pods reject versions they do not know
 * @param generation grows with every change the operator publishes
 * @param cell name of the cell the document is for
 * @param hubs the hubs served by the cell
 */
public record DecisionConfig(int schemaVersion, long generation, String cell, List<Hub> hubs) {

  /** The layout version this code reads and writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Normalizes absent lists to empty ones. */
  public DecisionConfig {
    hubs = hubs == null ? List.of() : List.copyOf(hubs);
  }

  /**
   * One hub: its routing domains, attachments, active translations, DNS rules, and the shares of a
   * dataplane pod's resources each of its attachments may hold (null: {@link Limits#DEFAULT}).
   */
  public record Hub(
      String name,
      List<Domain> domains,
      List<Attachment> attachments,
      List<Translation> translations,
      Dns dns,
      @JsonInclude(JsonInclude.Include.NON_NULL) Limits limits) {
    /** Normalizes absent lists to empty ones. */
    public Hub {
      domains = domains == null ? List.of() : List.copyOf(domains);
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
      translations = translations == null ? List.of() : List.copyOf(translations);
    }

    /** A hub with the default limits. */
    public Hub(
        String name,
        List<Domain> domains,
        List<Attachment> attachments,
        List<Translation> translations,
        Dns dns) {
      this(name, domains, attachments, translations, dns, null);
    }

    /** The limits in force: the hub's, or the defaults. */
    public Limits limitsOrDefault() {
      return limits == null ? Limits.DEFAULT : limits;
    }
  }

  /**
   * What one attachment may hold of a dataplane pod's resources shared by all attachments, per
   * worker where the resource is a worker's, so that one network cannot starve the others.
   *
   * @param newFlowsPerSecond new flows a second the attachment may send for a decision (burst: a
   *     fifth of it, at least 1)
   * @param waitingFlows flows waiting for a decision at once (queued packets: half of it)
   * @param dnsPendingQueries queries forwarded by the hub's resolver waiting for an answer
   * @param dnsTcpConnections DNS-over-TCP connections to the hub's resolver
   */
  public record Limits(
      int newFlowsPerSecond, int waitingFlows, int dnsPendingQueries, int dnsTcpConnections) {

    /** What an attachment may hold when its hub says nothing. */
    public static final Limits DEFAULT = new Limits(5000, 1024, 256, 64);

    /** Bursts of new flows: a fifth of the rate, at least one. */
    public int newFlowBurst() {
      return Math.max(1, newFlowsPerSecond / 5);
    }

    /** Packets queued at once while their flows wait: half the waiting flows, at least one. */
    public int queuedPackets() {
      return Math.max(1, waitingFlows / 2);
    }
  }

  /** A routing domain: one route table. */
  public record Domain(String name, List<Route> routes) {
    /** Normalizes an absent route list to an empty one. */
    public Domain {
      routes = routes == null ? List.of() : List.copyOf(routes);
    }
  }

  /**
   * A route of a domain: the prefix goes to an attachment, or is a blackhole.
   *
   * @param prefix destination prefix in canonical CIDR notation
   * @param attachment name of the attachment ({@code namespace/name}) the traffic goes to
   * @param blackhole true to drop the traffic (then {@code attachment} is null)
   */
  public record Route(String prefix, String attachment, boolean blackhole) {
    /** A route to an attachment. */
    public static Route to(String prefix, String attachment) {
      return new Route(prefix, attachment, false);
    }

    /** A blackhole route. */
    public static Route blackhole(String prefix) {
      return new Route(prefix, null, true);
    }
  }

  /**
   * An attachment as the data plane sees it.
   *
   * @param name {@code namespace/name} of the HubAttachment
   * @param vni VXLAN network identifier, unique in the cell
   * @param domain name of the routing domain it joined
   * @param remote the network's VXLAN tunnel endpoint address
   * @param port the tunnel endpoint's UDP port
   * @param gateway the hub's on-link address in the network with its prefix length
   * @param gatewayMac the hub's MAC address on the network's segment
   * @param cidrs the network's address ranges (inner sources must lie inside them)
   * @param dnsServers the network's own resolvers
   */
  public record Attachment(
      String name,
      int vni,
      String domain,
      String remote,
      int port,
      String gateway,
      String gatewayMac,
      List<String> cidrs,
      List<String> dnsServers) {
    /** Normalizes absent lists to empty ones. */
    public Attachment {
      cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
      dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
    }
  }

  /**
   * An active 1:1 translation of one attachment's real range.
   *
   * @param attachment the attachment whose addresses are translated
   * @param from the real range
   * @param to the range other networks see
   */
  public record Translation(String attachment, String from, String to) {}

  /**
   * The DNS rules of a hub.
   *
   * @param mode Share, Endpoint or Intercept
   * @param ttlSeconds highest TTL of answers
   * @param attachments attachments that share DNS (empty: all)
   * @param zones which attachment answers for which domain
   * @param records names the hub answers itself
   * @param upstreams fallback resolvers
   */
  public record Dns(
      String mode,
      int ttlSeconds,
      List<String> attachments,
      List<Zone> zones,
      List<DnsRecord> records,
      List<String> upstreams) {
    /** Normalizes absent lists to empty ones. */
    public Dns {
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
      zones = zones == null ? List.of() : List.copyOf(zones);
      records = records == null ? List.of() : List.copyOf(records);
      upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    }
  }

  /** A DNS zone answered by one attachment's resolvers. */
  public record Zone(String domain, String attachment) {}

  /** A name the hub answers itself with real addresses of one attachment. */
  public record DnsRecord(String name, String attachment, List<String> addresses) {
    /** Normalizes an absent address list to an empty one. */
    public DnsRecord {
      addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
  }
}
