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
  record Compiled(Problem problem, DecisionConfig.Dns dns, List<String> sharing) {
    static Compiled invalid(String reason, String message) {
      return new Compiled(new Problem(reason, message), null, List.of());
    }
  }

  private DnsPolicyCompiler() {}

  /** Compiles {@code p} for hub {@code hubRef} whose attachments are {@code plans}, by ref. */
  static Compiled compile(DnsPolicy p, String hubRef, Map<String, AttachmentPlan> plans) {
    DnsPolicySpec spec = p.getSpec() == null ? new DnsPolicySpec() : p.getSpec();
    String ns = p.getMetadata().getNamespace();
    String mode = (spec.mode == null ? DnsPolicySpec.Mode.Endpoint : spec.mode).name();
    int ttl = spec.ttlSeconds == null ? DnsPolicyResolver.DEFAULT_TTL : spec.ttlSeconds;
    if (ttl < 0 || ttl > MAX_TTL) {
      return Compiled.invalid(
          INVALID_TTL, "spec.ttlSeconds: " + ttl + " is not between 0 and " + MAX_TTL);
    }

    Set<String> listed = new LinkedHashSet<>();
    List<String> attachments = spec.attachments == null ? List.of() : spec.attachments;
    for (int i = 0; i < attachments.size(); i++) {
      String ref = qualified(ns, attachments.get(i));
      String problem = connected("spec.attachments[" + i + "]", ref, hubRef, plans);
      if (problem != null) {
        return Compiled.invalid(reasonOf(ref, plans), problem);
      }
      listed.add(ref);
    }
    List<String> sharing =
        listed.isEmpty()
            ? plans.values().stream()
                .filter(AttachmentPlan::accepted)
                .map(AttachmentPlan::ref)
                .toList()
            : List.copyOf(listed);

    List<DecisionConfig.Zone> zones = new ArrayList<>();
    Map<String, String> zoneOwners = new HashMap<>();
    List<DnsZone> specZones = spec.zones == null ? List.of() : spec.zones;
    for (int i = 0; i < specZones.size(); i++) {
      DnsZone z = specZones.get(i);
      String field = "spec.zones[" + i + "]";
      String ref = qualified(ns, z.attachment);
      String problem = connected(field + ".attachment", ref, hubRef, plans);
      if (problem != null) {
        return Compiled.invalid(reasonOf(ref, plans), problem);
      }
      String domain = name(z.domain);
      String owner = zoneOwners.putIfAbsent(domain, ref);
      if (owner != null) {
        return Compiled.invalid(
            ZONE_CONFLICT,
            field
                + ".domain: \""
                + domain
                + "\" is listed twice (already answered by \""
                + owner
                + "\")");
      }
      if (!sharing.contains(ref)) {
        return Compiled.invalid(
            ZONE_CONFLICT,
            field
                + ": zone \""
                + domain
                + "\" is owned by \""
                + ref
                + "\", which is not in spec.attachments (the networks that share DNS)");
      }
      List<String> servers = plans.get(ref).attachment().getSpec().dnsServers;
      if (servers == null || servers.isEmpty()) {
        return Compiled.invalid(
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

    List<DecisionConfig.DnsRecord> records = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    List<DnsRecord> specRecords = spec.records == null ? List.of() : spec.records;
    for (int i = 0; i < specRecords.size(); i++) {
      DnsRecord r = specRecords.get(i);
      String field = "spec.records[" + i + "]";
      String ref = qualified(ns, r.attachment);
      String problem = connected(field + ".attachment", ref, hubRef, plans);
      if (problem != null) {
        return Compiled.invalid(reasonOf(ref, plans), problem);
      }
      String recordName = name(r.name);
      if (!names.add(recordName)) {
        return Compiled.invalid(
            DUPLICATE_RECORD, field + ".name: \"" + recordName + "\" is listed twice");
      }
      List<Cidr> cidrs =
          AttachmentValidator.cidrs(
              "spec.cidrs", plans.get(ref).attachment().getSpec().cidrs, new ArrayList<>());
      List<String> addresses = new ArrayList<>();
      List<String> texts = r.addresses == null ? List.of() : r.addresses;
      for (int a = 0; a < texts.size(); a++) {
        String f = field + ".addresses[" + a + "]";
        IpAddress address;
        try {
          address = IpAddress.parse(texts.get(a) == null ? "" : texts.get(a));
        } catch (IllegalArgumentException e) {
          return Compiled.invalid(INVALID_ADDRESS, f + ": " + e.getMessage());
        }
        if (cidrs.stream().noneMatch(c -> c.contains(address))) {
          return Compiled.invalid(
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

    List<String> upstreams = new ArrayList<>();
    List<String> specUpstreams = spec.upstreams == null ? List.of() : spec.upstreams;
    for (int i = 0; i < specUpstreams.size(); i++) {
      String text = specUpstreams.get(i);
      try {
        upstreams.add(IpAddress.parse(text == null ? "" : text).toString());
      } catch (IllegalArgumentException e) {
        return Compiled.invalid(INVALID_ADDRESS, "spec.upstreams[" + i + "]: " + e.getMessage());
      }
    }
    DecisionConfig.Dns dns =
        new DecisionConfig.Dns(mode, ttl, List.copyOf(listed), zones, records, upstreams);
    return new Compiled(null, dns, sharing);
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

  /**
   * Null when {@code ref} is a connected attachment of the hub, else a message naming {@code
   * field}.
   */
  private static String connected(
      String field, String ref, String hubRef, Map<String, AttachmentPlan> plans) {
    AttachmentPlan plan = plans.get(ref);
    if (plan == null) {
      return field + ": \"" + ref + "\" is not an attachment of hub \"" + hubRef + "\"";
    }
    if (!plan.accepted()) {
      return field
          + ": attachment \""
          + ref
          + "\" is not connected to hub \""
          + hubRef
          + "\" ("
          + plan.problem().reason()
          + ": "
          + plan.problem().message()
          + ")";
    }
    return null;
  }

  private static String reasonOf(String ref, Map<String, AttachmentPlan> plans) {
    return plans.containsKey(ref) ? ATTACHMENT_NOT_ACCEPTED : ATTACHMENT_NOT_FOUND;
  }
}
