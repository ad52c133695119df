package io.vth.operator.model;

import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.DnsPolicySpec;
import io.vth.api.v1alpha1.DnsRecord;
import io.vth.api.v1alpha1.DnsZone;
import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.config.DecisionConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates one DnsPolicy against its hub's planned attachments and compiles it into the hub's
 * {@link DecisionConfig.Dns}. The first problem wins; its message names the field and the value.
 */
final class DnsPolicyCompiler {

  /** Reason: a referenced attachment is not an attachment of the hub. */
  static final String ATTACHMENT_NOT_FOUND = "AttachmentNotFound";

  /** Reason: a referenced attachment is not connected to the hub. */
  static final String ATTACHMENT_NOT_ACCEPTED = "AttachmentNotAccepted";

  /** Reason: a zone is listed twice, or is owned by an attachment that does not share DNS. */
  static final String ZONE_CONFLICT = "ZoneConflict";

  /** Reason: a zone's attachment lists no resolver to answer it. */
  static final String NO_DNS_SERVERS = "NoDnsServers";

  /** Reason: a record or upstream address does not parse. */
  static final String INVALID_ADDRESS = "InvalidAddress";

  /** Reason: a record address lies outside its attachment's ranges. */
  static final String ADDRESS_OUTSIDE_CIDRS = "AddressOutsideCidrs";

  /** Reason: a record name is listed twice. */
  static final String DUPLICATE_RECORD = "DuplicateRecord";

  /** Reason: {@code spec.ttlSeconds} is out of range. */
  static final String INVALID_TTL = "InvalidTtl";

  /** Highest TTL the CRD admits. */
  static final int MAX_TTL = 86400;

  /**
   * The outcome for one policy.
   *
   * @param problem the first problem found, or null
   * @param dns the compiled rules, when valid
   * @param sharing the attachments that share DNS (explicit, or every connected one)
   */
  record Compiled(Problem problem, DecisionConfig.Dns dns, List<String> sharing) {}

  private DnsPolicyCompiler() {}

  /** Compiles {@code p} for hub {@code hubRef} whose attachments are {@code plans}, by ref. */
  static Compiled compile(DnsPolicy p, String hubRef, Map<String, AttachmentPlan> plans) {
    DnsPolicySpec spec = p.getSpec() == null ? new DnsPolicySpec() : p.getSpec();
    Refs refs = new Refs(p.getMetadata().getNamespace(), hubRef, plans);
    String mode = (spec.mode == null ? DnsPolicySpec.Mode.Endpoint : spec.mode).name();
    int ttl = spec.ttlSeconds == null ? DnsPolicyResolver.DEFAULT_TTL : spec.ttlSeconds;
    try {
      if (ttl < 0 || ttl > MAX_TTL) {
        throw new Rejected(
            INVALID_TTL, "spec.ttlSeconds: " + ttl + " is not between 0 and " + MAX_TTL);
      }
      List<String> listed = listed(spec.attachments, refs);
      List<String> sharing =
          listed.isEmpty()
              ? plans.values().stream()
                  .filter(AttachmentPlan::accepted)
                  .map(AttachmentPlan::ref)
                  .toList()
              : listed;
      DecisionConfig.Dns dns =
          new DecisionConfig.Dns(
              mode,
              ttl,
              listed,
              zones(spec.zones, sharing, refs),
              records(spec.records, refs),
              upstreams(spec.upstreams));
      return new Compiled(null, dns, sharing);
    } catch (Rejected r) {
      return new Compiled(r.problem, null, List.of());
    }
  }

  /** The attachments listed in {@code spec.attachments}, qualified, duplicates dropped. */
  private static List<String> listed(List<String> attachments, Refs refs) {
    Set<String> listed = new LinkedHashSet<>();
    List<String> texts = attachments == null ? List.of() : attachments;
    for (int i = 0; i < texts.size(); i++) {
      listed.add(refs.connected("spec.attachments[" + i + "]", texts.get(i)));
    }
    return List.copyOf(listed);
  }

  private static List<DecisionConfig.Zone> zones(
      List<DnsZone> specZones, List<String> sharing, Refs refs) {
    List<DecisionConfig.Zone> zones = new ArrayList<>();
    Map<String, String> owners = new HashMap<>();
    List<DnsZone> list = specZones == null ? List.of() : specZones;
    for (int i = 0; i < list.size(); i++) {
      String field = "spec.zones[" + i + "]";
      String ref = refs.connected(field + ".attachment", list.get(i).attachment);
      String domain = name(list.get(i).domain);
      String owner = owners.putIfAbsent(domain, ref);
      if (owner != null) {
        throw new Rejected(
            ZONE_CONFLICT,
            field
                + ".domain: \""
                + domain
                + "\" is listed twice (already answered by \""
                + owner
                + "\")");
      }
      if (!sharing.contains(ref)) {
        throw new Rejected(
            ZONE_CONFLICT,
            field
                + ": zone \""
                + domain
                + "\" is owned by \""
                + ref
                + "\", which is not in spec.attachments (the networks that share DNS)");
      }
      List<String> servers = refs.plans().get(ref).attachment().getSpec().dnsServers;
      if (servers == null || servers.isEmpty()) {
        throw new Rejected(
            NO_DNS_SERVERS,
            field
                + ".attachment: \""
                + ref
                + "\" lists no spec.dnsServers to answer zone \""
                + domain
                + "\"");
      }
      zones.add(new DecisionConfig.Zone(domain, ref));
    }
    return zones;
  }

  private static List<DecisionConfig.DnsRecord> records(List<DnsRecord> specRecords, Refs refs) {
    List<DecisionConfig.DnsRecord> records = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    List<DnsRecord> list = specRecords == null ? List.of() : specRecords;
    for (int i = 0; i < list.size(); i++) {
      DnsRecord r = list.get(i);
      String field = "spec.records[" + i + "]";
      String ref = refs.connected(field + ".attachment", r.attachment);
      String recordName = name(r.name);
      if (!names.add(recordName)) {
        throw new Rejected(
            DUPLICATE_RECORD, field + ".name: \"" + recordName + "\" is listed twice");
      }
      List<Cidr> cidrs =
          AttachmentValidator.cidrs(
              "spec.cidrs", refs.plans().get(ref).attachment().getSpec().cidrs, new ArrayList<>());
      List<String> addresses = new ArrayList<>();
      List<String> texts = r.addresses == null ? List.of() : r.addresses;
      for (int a = 0; a < texts.size(); a++) {
        String f = field + ".addresses[" + a + "]";
        IpAddress address = address(f, texts.get(a));
        if (cidrs.stream().noneMatch(c -> c.contains(address))) {
          throw new Rejected(
              ADDRESS_OUTSIDE_CIDRS,
              f
                  + ": "
                  + address
                  + " is not inside the cidrs of \""
                  + ref
                  + "\" ("
                  + String.join(", ", cidrs.stream().map(Cidr::toString).toList())
                  + ")");
        }
        addresses.add(address.toString());
      }
      records.add(new DecisionConfig.DnsRecord(recordName, ref, addresses));
    }
    return records;
  }

  private static List<String> upstreams(List<String> texts) {
    List<String> upstreams = new ArrayList<>();
    List<String> list = texts == null ? List.of() : texts;
    for (int i = 0; i < list.size(); i++) {
      upstreams.add(address("spec.upstreams[" + i + "]", list.get(i)).toString());
    }
    return upstreams;
  }

  private static IpAddress address(String field, String text) {
    try {
      return IpAddress.parse(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw new Rejected(INVALID_ADDRESS, field + ": " + e.getMessage());
    }
  }

  /** {@code namespace/name} of a reference written as {@code namespace/name} or {@code name}. */
  static String qualified(String namespace, String ref) {
    if (ref == null) {
      return namespace + "/";
    }
    return ref.contains("/") ? ref : namespace + "/" + ref;
  }

  /** A domain name in canonical form: lower case, no trailing dot. */
  static String name(String text) {
    String n = text == null ? "" : text.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** Resolves references of a policy in {@code namespace} against the hub's attachments. */
  private record Refs(String namespace, String hubRef, Map<String, AttachmentPlan> plans) {

    /**
     * {@code namespace/name} of {@code text} in {@code field}: a connected attachment of the hub.
     */
    String connected(String field, String text) {
      String ref = qualified(namespace, text);
      AttachmentPlan plan = plans.get(ref);
      if (plan == null) {
        throw new Rejected(
            ATTACHMENT_NOT_FOUND,
            field + ": \"" + ref + "\" is not an attachment of hub \"" + hubRef + "\"");
      }
      if (!plan.accepted()) {
        throw new Rejected(
            ATTACHMENT_NOT_ACCEPTED,
            field
                + ": attachment \""
                + ref
                + "\" is not connected to hub \""
                + hubRef
                + "\" ("
                + plan.problem().reason()
                + ": "
                + plan.problem().message()
                + ")");
      }
      return ref;
    }
  }

  /** The first problem of a policy; ends its compilation (no stack trace: it is an answer). */
  private static final class Rejected extends RuntimeException {
    private final transient Problem problem;

    Rejected(String reason, String message) {
      super(message, null, false, false);
      this.problem = new Problem(reason, message);
    }
  }
}
