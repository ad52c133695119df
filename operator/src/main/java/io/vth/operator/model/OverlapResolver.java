package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vth.api.v1alpha1.AddressOverlapSpec;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.ObjectRef;
import io.vth.api.v1alpha1.PrefixMapping;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.TranslationMappingSpec;
import io.vth.api.v1alpha1.TranslationMappingStatus.State;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.addr.Cidr;
import io.vth.core.addr.CidrOverlap;
import io.vth.core.addr.CidrSet;
import io.vth.core.addr.PrefixAllocator;
import io.vth.core.addr.PrefixTranslation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Detects address overlaps between the attachments of each routing domain and resolves them: a
 * valid user {@link TranslationMapping} always wins; otherwise the hub's {@code addressOverlap}
 * policy decides for the newer attachment of each overlapping pair (Reject, Notify, Propose,
 * Automatic). Also validates every mapping of the hub and says which operator-made mappings should
 * exist. Pure and deterministic.
 */
public final class OverlapResolver {

  /** Reason: an overlap is left unhandled. */
  public static final String ADDRESS_OVERLAP = "AddressOverlap";

  /** Reason: a mapping names an attachment in another namespace. */
  public static final String REF_NOT_PERMITTED = "RefNotPermitted";

  /** Reason: a mapping's prefixes have different lengths or families. */
  public static final String UNEQUAL_PREFIX_LENGTH = "UnequalPrefixLength";

  /** Reason: a mapping's {@code from} is not inside the attachment's cidrs. */
  public static final String FROM_OUTSIDE_CIDRS = "FromOutsideCidrs";

  /** Reason: a mapping's prefix is malformed. */
  public static final String INVALID_CIDR = "InvalidCidr";

  /** Reason: a mapping names an attachment that is not connected to the hub. */
  public static final String ATTACHMENT_NOT_FOUND = "AttachmentNotFound";

  /** Reason: a mapping's {@code to} overlaps a real range or another mapping. */
  public static final String TRANSLATION_CONFLICT = "TranslationConflict";

  /** Reason: a proposed mapping waits for {@code approved: true}. */
  public static final String PENDING_APPROVAL = "PendingApproval";

  /** Default translation pool. */
  public static final String DEFAULT_POOL = "100.64.0.0/10";

  /**
   * An attachment as the resolver sees it.
   *
   * @param ref {@code namespace/name}
   * @param domain its routing domain
   * @param cidrs its real ranges
   */
  public record Member(String ref, String domain, List<Cidr> cidrs) {}

  /**
   * An overlap between two attachments of a domain.
   *
   * @param older the attachment that keeps its range (created first)
   * @param newer the other one
   * @param ranges the shared ranges
   */
  public record Overlap(String older, String newer, List<Cidr> ranges) {}

  /**
   * A translation in use.
   *
   * @param mapping the mapping as {@code namespace/name}
   * @param attachment the translated attachment
   * @param from real prefix
   * @param to prefix the other networks see
   */
  public record Translation(String mapping, String attachment, Cidr from, Cidr to) {}

  /**
   * The verdict on one mapping.
   *
   * @param ref {@code namespace/name}
   * @param state its state
   * @param reason a CamelCase reason
   * @param message names field and value
   * @param conflicts what it conflicts with
   */
  public record MappingVerdict(
      String ref, State state, String reason, String message, List<String> conflicts) {}

  /**
   * What the resolver decides for one attachment.
   *
   * @param overlaps other attachment to shared ranges
   * @param translations its translations in use
   * @param rejected the problem when the policy refuses it
   * @param excluded real ranges it may not advertise (unhandled overlaps)
   * @param unresolved a message when an overlap is left unhandled, else null
   * @param resolved a message when every overlap is handled, else null
   */
  public record Decision(
      Map<String, List<Cidr>> overlaps,
      List<Translation> translations,
      Problem rejected,
      List<Cidr> excluded,
      String unresolved,
      String resolved) {

    static Decision none() {
      return new Decision(Map.of(), List.of(), null, List.of(), null, null);
    }

    /** What {@code advertised} becomes: translated, and without the excluded ranges. */
    public List<Cidr> visible(List<Cidr> advertised) {
      CidrSet real = CidrSet.of(advertised);
      List<Cidr> out = new ArrayList<>();
      CidrSet froms = CidrSet.EMPTY;
      for (Translation t : translations) {
        froms = froms.union(CidrSet.of(t.from()));
        PrefixTranslation pt = PrefixTranslation.of(t.from(), t.to());
        for (Cidr p : real.intersection(CidrSet.of(t.from())).cidrs()) {
          out.add(Cidr.of(pt.translate(p.network()), p.prefixLength()));
        }
      }
      out.addAll(real.subtract(froms).subtract(CidrSet.of(excluded)).cidrs());
      out.sort(Comparator.naturalOrder());
      return List.copyOf(out);
    }
  }

  /**
   * The resolution of a hub.
   *
   * @param overlaps every overlap, per domain in member order
   * @param decisions per attachment
   * @param mappings verdict on each existing mapping of the hub
   * @param desired operator-made mappings that should exist (created or kept)
   * @param stale operator-made mappings (as {@code namespace/name}) that should go
   */
  public record Result(
      List<Overlap> overlaps,
      Map<String, Decision> decisions,
      Map<String, MappingVerdict> mappings,
      List<TranslationMapping> desired,
      List<String> stale) {

    /** The decision for {@code ref}. */
    public Decision decision(String ref) {
      return decisions.getOrDefault(ref, Decision.none());
    }

    /** Every translation in use. */
    public List<Translation> translations() {
      return decisions.values().stream().flatMap(d -> d.translations().stream()).toList();
    }
  }

  private OverlapResolver() {}

  /** Name of the mapping the operator makes for attachment {@code name}. */
  public static String mappingName(String attachmentName) {
    return ObjectNames.fit(attachmentName + "-translation", ObjectNames.MAX_LABEL);
  }

  /** Whether {@code m} was made by the operator. */
  public static boolean operatorMade(TranslationMapping m) {
    Map<String, String> labels = m.getMetadata().getLabels();
    return labels != null && CellLabels.MANAGER.equals(labels.get(CellLabels.MANAGED_BY));
  }

  /**
   * Resolves the overlaps of {@code members} (oldest first, each a candidate for connection) of
   * {@code hub}, given its existing {@code mappings} and the resources of its attachments.
   */
  public static Result resolve(
      VirtualTrafficHub hub,
      List<Member> members,
      List<TranslationMapping> mappings,
      Map<String, HubAttachment> resources) {
    AddressOverlapSpec spec = hub.getSpec() == null ? null : hub.getSpec().addressOverlap;
    AddressOverlapSpec.Policy policy =
        spec == null || spec.policy == null ? AddressOverlapSpec.Policy.Notify : spec.policy;
    Cidr pool = pool(spec);
    Map<String, Member> byRef = new LinkedHashMap<>();
    members.forEach(m -> byRef.put(m.ref(), m));

    // 1. Validate mappings: users' first, then by age and name.
    List<TranslationMapping> ordered = new ArrayList<>(mappings);
    ordered.removeIf(m -> m.getMetadata().getDeletionTimestamp() != null);
    ordered.sort(
        Comparator.comparing((TranslationMapping m) -> operatorMade(m) ? 1 : 0)
            .thenComparing(
                m -> Optional.ofNullable(m.getMetadata().getCreationTimestamp()).orElse(""))
            .thenComparing(OverlapResolver::ref));
    Map<String, MappingVerdict> verdicts = new LinkedHashMap<>();
    Map<String, List<Translation>> active = new HashMap<>();
    Map<String, List<Cidr>> claimedTo = new HashMap<>(); // domain -> taken "to" ranges
    List<String> stale = new ArrayList<>();
    for (TranslationMapping m : ordered) {
      if (operatorMade(m) && !fitsPolicy(m, policy)) {
        stale.add(ref(m));
        continue;
      }
      MappingVerdict v = validate(m, byRef, claimedTo, active);
      verdicts.put(v.ref(), v);
    }

    // 2. Detect overlaps per domain between real ranges, oldest first; decide for the newer.
    Map<String, Decision> decisions = new LinkedHashMap<>();
    List<Overlap> overlaps = new ArrayList<>();
    Map<String, Map<String, List<Cidr>>> withWhom = new LinkedHashMap<>();
    Map<String, Set<String>> handledBy = new HashMap<>();
    Map<String, List<Cidr>> excluded = new HashMap<>();
    Map<String, List<String>> unhandledWith = new HashMap<>();
    Set<String> rejected = new TreeSet<>();
    Map<String, List<Cidr>> needTranslation = new LinkedHashMap<>();
    List<Member> seen = new ArrayList<>();
    for (Member b : members) {
      List<String> rejectWith = new ArrayList<>();
      List<Cidr> rejectRanges = new ArrayList<>();
      for (Member a : seen) {
        if (!a.domain().equals(b.domain()) || rejected.contains(a.ref())) {
          continue;
        }
        List<CidrOverlap> pairs = CidrOverlap.between(a.cidrs(), b.cidrs());
        if (pairs.isEmpty()) {
          continue;
        }
        TreeSet<Cidr> ranges = new TreeSet<>();
        pairs.forEach(p -> ranges.add(p.common()));
        overlaps.add(new Overlap(a.ref(), b.ref(), List.copyOf(ranges)));
        withWhom
            .computeIfAbsent(a.ref(), k -> new LinkedHashMap<>())
            .put(b.ref(), List.copyOf(ranges));
        withWhom
            .computeIfAbsent(b.ref(), k -> new LinkedHashMap<>())
            .put(a.ref(), List.copyOf(ranges));
        for (CidrOverlap p : pairs) {
          Cidr common = p.common();
          if (covered(active.get(b.ref()), common) || covered(active.get(a.ref()), common)) {
            handledBy.computeIfAbsent(b.ref(), k -> new TreeSet<>()).add(a.ref());
            handledBy.computeIfAbsent(a.ref(), k -> new TreeSet<>()).add(b.ref());
            continue;
          }
          unhandledWith.computeIfAbsent(b.ref(), k -> new ArrayList<>()).add(a.ref());
          switch (policy) {
            case Reject -> {
              rejectWith.add(a.ref());
              rejectRanges.add(common);
            }
            case Notify -> excluded.computeIfAbsent(b.ref(), k -> new ArrayList<>()).add(common);
            case Propose, Automatic -> {
              excluded.computeIfAbsent(b.ref(), k -> new ArrayList<>()).add(common);
              List<Cidr> need = needTranslation.computeIfAbsent(b.ref(), k -> new ArrayList<>());
              if (!need.contains(p.right())) {
                need.add(p.right());
              }
            }
          }
        }
      }
      if (!rejectWith.isEmpty()) {
        rejected.add(b.ref());
        decisions.put(
            b.ref(),
            new Decision(
                withWhom.getOrDefault(b.ref(), Map.of()),
                List.of(),
                new Problem(
                    ADDRESS_OVERLAP,
                    "spec.cidrs: "
                        + join(rejectRanges)
                        + " overlaps "
                        + String.join(", ", new TreeSet<>(rejectWith))
                        + " in routing domain "
                        + b.domain()
                        + " and spec.addressOverlap.policy of the hub is Reject"),
                List.of(),
                "not connected: "
                    + join(rejectRanges)
                    + " overlaps "
                    + String.join(", ", new TreeSet<>(rejectWith)),
                null));
      }
      seen.add(b);
    }

    // 3. Operator-made mappings for Propose/Automatic.
    List<TranslationMapping> desired = new ArrayList<>();
    Map<String, TranslationMapping> existing = new HashMap<>();
    for (TranslationMapping m : mappings) {
      if (operatorMade(m)) {
        existing.put(ref(m), m);
      }
    }
    Set<String> keep = new TreeSet<>();
    Map<String, String> noRoom = new HashMap<>();
    for (Map.Entry<String, List<Cidr>> e : needTranslation.entrySet()) {
      Member b = byRef.get(e.getKey());
      HubAttachment res = resources.get(b.ref());
      String ns = b.ref().substring(0, b.ref().indexOf('/'));
      String name = mappingName(b.ref().substring(b.ref().indexOf('/') + 1));
      String mref = ns + "/" + name;
      TranslationMapping old = existing.get(mref);
      List<Cidr> used = new ArrayList<>();
      members.stream()
          .filter(m -> m.domain().equals(b.domain()))
          .forEach(m -> used.addAll(m.cidrs()));
      List<Cidr> others = new ArrayList<>(claimedTo.getOrDefault(b.domain(), List.of()));
      if (old != null && old.getSpec() != null && old.getSpec().mappings != null) {
        old.getSpec().mappings.forEach(x -> others.remove(parse(x.to)));
      }
      used.addAll(others);
      List<PrefixMapping> pm = new ArrayList<>();
      boolean exhausted = false;
      for (Cidr from : e.getValue()) {
        Optional<Cidr> to = Optional.empty();
        if (old != null && old.getSpec() != null && old.getSpec().mappings != null) {
          to =
              old.getSpec().mappings.stream()
                  .filter(x -> from.toString().equals(x.from))
                  .map(x -> parse(x.to))
                  .filter(Objects::nonNull)
                  .filter(t -> t.prefixLength() == from.prefixLength() && pool.contains(t))
                  .filter(t -> used.stream().noneMatch(t::overlaps))
                  .findFirst();
        }
        if (to.isEmpty()
            && from.family() == pool.family()
            && from.prefixLength() >= pool.prefixLength()) {
          to = PrefixAllocator.ofPool(pool).findFree(from.prefixLength(), used);
        }
        if (to.isEmpty()) {
          exhausted = true;
          noRoom.put(
              b.ref(),
              "spec.addressOverlap.translationPool "
                  + pool
                  + " has no free /"
                  + from.prefixLength()
                  + " for "
                  + from
                  + " that overlaps no real range or mapping of routing domain "
                  + b.domain());
          break;
        }
        used.add(to.get());
        pm.add(new PrefixMapping(from.toString(), to.get().toString()));
      }
      if (exhausted || res == null) {
        continue;
      }
      boolean automatic = policy == AddressOverlapSpec.Policy.Automatic;
      TranslationMapping m = new TranslationMapping();
      m.setMetadata(
          new ObjectMetaBuilder()
              .withNamespace(ns)
              .withName(name)
              .withLabels(CellLabels.common(name, "translation"))
              .withOwnerReferences(Owners.controller(res))
              .build());
      TranslationMappingSpec s = new TranslationMappingSpec();
      s.hubRef = new ObjectRef(hub.getMetadata().getName(), hub.getMetadata().getNamespace());
      s.attachmentRef = new ObjectRef(res.getMetadata().getName(), ns);
      s.mappings = pm;
      s.origin =
          automatic
              ? TranslationMappingSpec.Origin.Automatic
              : TranslationMappingSpec.Origin.Proposed;
      boolean sameAsBefore =
          old != null
              && old.getSpec() != null
              && old.getSpec().origin == s.origin
              && sameMappings(old.getSpec().mappings, pm);
      s.approved = !automatic && sameAsBefore && Boolean.TRUE.equals(old.getSpec().approved);
      m.setSpec(s);
      desired.add(m);
      keep.add(mref);
      claimedTo
          .computeIfAbsent(b.domain(), k -> new ArrayList<>())
          .addAll(pm.stream().map(x -> parse(x.to)).toList());
      String mname = mref;
      if (automatic || s.approved) {
        // used at once (Automatic) or approved: its translations make the overlap handled
        List<Translation> ts = new ArrayList<>(active.getOrDefault(b.ref(), List.of()));
        pm.forEach(x -> ts.add(new Translation(mname, b.ref(), parse(x.from), parse(x.to))));
        active.put(b.ref(), ts);
        verdicts.put(
            mref, new MappingVerdict(mref, State.Active, "Active", activeMessage(pm), List.of()));
        List<Cidr> ex = excluded.get(b.ref());
        if (ex != null) {
          ex.removeIf(c -> covered(ts, c));
        }
        unhandledWith.remove(b.ref());
        handledBy
            .computeIfAbsent(b.ref(), k -> new TreeSet<>())
            .addAll(withWhom.getOrDefault(b.ref(), Map.of()).keySet());
      } else {
        verdicts.put(
            mref,
            new MappingVerdict(
                mref,
                State.PendingApproval,
                PENDING_APPROVAL,
                "proposed "
                    + describe(pm)
                    + " for "
                    + b.ref()
                    + "; set spec.approved: true to use it",
                List.of()));
      }
    }
    for (Map.Entry<String, TranslationMapping> e : existing.entrySet()) {
      String mref = e.getKey();
      MappingVerdict v = verdicts.get(mref);
      TranslationMapping m = e.getValue();
      String target =
          m.getSpec() == null || m.getSpec().attachmentRef == null
              ? ""
              : m.getMetadata().getNamespace() + "/" + m.getSpec().attachmentRef.name;
      boolean inUse = v != null && v.state() == State.Active && withWhom.containsKey(target);
      if (!keep.contains(mref) && !inUse && !stale.contains(mref)) {
        stale.add(mref);
        verdicts.remove(mref);
      }
    }
    stale.sort(Comparator.naturalOrder());

    // 4. Decisions.
    for (Member m : members) {
      if (decisions.containsKey(m.ref())) {
        continue;
      }
      Map<String, List<Cidr>> ov = withWhom.getOrDefault(m.ref(), Map.of());
      List<Translation> ts = active.getOrDefault(m.ref(), List.of());
      List<Cidr> ex = excluded.getOrDefault(m.ref(), List.of());
      String unresolved = null;
      String resolved = null;
      if (!ex.isEmpty()) {
        TranslationMapping pending =
            desired.stream()
                .filter(
                    d ->
                        d.getSpec()
                                .attachmentRef
                                .name
                                .equals(m.ref().substring(m.ref().indexOf('/') + 1))
                            && d.getMetadata()
                                .getNamespace()
                                .equals(m.ref().substring(0, m.ref().indexOf('/'))))
                .findFirst()
                .orElse(null);
        unresolved =
            join(ex)
                + " overlaps "
                + String.join(", ", new TreeSet<>(unhandledWith.getOrDefault(m.ref(), List.of())))
                + " (policy "
                + policy
                + "): only the rest of the network is connected"
                + (pending == null
                    ? ""
                    : "; translation mapping " + ref(pending) + " waits for approval")
                + (noRoom.containsKey(m.ref())
                    ? "; no mapping proposed: " + noRoom.get(m.ref())
                    : "");
      } else if (!ov.isEmpty()) {
        resolved =
            ts.isEmpty()
                ? "overlaps with "
                    + String.join(", ", ov.keySet())
                    + " are handled by the other side (translated or the newer)"
                : "overlaps with "
                    + String.join(", ", ov.keySet())
                    + " are translated: "
                    + ts.stream().map(t -> t.from() + " -> " + t.to()).toList();
      }
      decisions.put(m.ref(), new Decision(ov, ts, null, List.copyOf(ex), unresolved, resolved));
    }
    return new Result(List.copyOf(overlaps), decisions, verdicts, desired, stale);
  }

  private static MappingVerdict validate(
      TranslationMapping m,
      Map<String, Member> members,
      Map<String, List<Cidr>> claimedTo,
      Map<String, List<Translation>> active) {
    String mref = ref(m);
    String ns = m.getMetadata().getNamespace();
    TranslationMappingSpec spec = m.getSpec();
    if (spec == null
        || spec.attachmentRef == null
        || spec.mappings == null
        || spec.mappings.isEmpty()) {
      return invalid(
          mref,
          INVALID_CIDR,
          "spec.mappings: at least one mapping and spec.attachmentRef are required");
    }
    String attNs = spec.attachmentRef.namespace == null ? ns : spec.attachmentRef.namespace;
    String target = attNs + "/" + spec.attachmentRef.name;
    if (!attNs.equals(ns)) {
      return invalid(
          mref,
          REF_NOT_PERMITTED,
          "spec.attachmentRef: \""
              + target
              + "\" is in another namespace; a mapping may only translate an attachment of its own namespace "
              + ns);
    }
    Member member = members.get(target);
    if (member == null) {
      return invalid(
          mref,
          ATTACHMENT_NOT_FOUND,
          "spec.attachmentRef: \""
              + target
              + "\" is not an attachment of the hub that passed validation");
    }
    List<Translation> ts = new ArrayList<>();
    for (int i = 0; i < spec.mappings.size(); i++) {
      PrefixMapping pm = spec.mappings.get(i);
      String field = "spec.mappings[" + i + "]";
      Cidr from;
      Cidr to;
      try {
        from = Cidr.parse(pm.from);
      } catch (IllegalArgumentException e) {
        return invalid(mref, INVALID_CIDR, field + ".from: " + e.getMessage());
      }
      try {
        to = Cidr.parse(pm.to);
      } catch (IllegalArgumentException e) {
        return invalid(mref, INVALID_CIDR, field + ".to: " + e.getMessage());
      }
      if (from.family() != to.family() || from.prefixLength() != to.prefixLength()) {
        return invalid(
            mref,
            UNEQUAL_PREFIX_LENGTH,
            field
                + ": from \""
                + from
                + "\" and to \""
                + to
                + "\" must have equal prefix lengths and the same family");
      }
      if (!CidrSet.of(member.cidrs()).contains(from)) {
        return invalid(
            mref,
            FROM_OUTSIDE_CIDRS,
            field
                + ".from: \""
                + from
                + "\" is not inside the cidrs "
                + member.cidrs()
                + " of attachment "
                + target);
      }
      ts.add(new Translation(mref, target, from, to));
    }
    List<String> conflicts = new ArrayList<>();
    List<Cidr> taken = claimedTo.getOrDefault(member.domain(), List.of());
    for (int i = 0; i < ts.size(); i++) {
      Cidr to = ts.get(i).to();
      String field = "spec.mappings[" + i + "].to";
      for (Member o : members.values()) {
        if (o.domain().equals(member.domain())) {
          for (Cidr c : o.cidrs()) {
            if (c.overlaps(to)) {
              conflicts.add(field + ": \"" + to + "\" overlaps real range " + c + " of " + o.ref());
            }
          }
        }
      }
      for (Cidr c : taken) {
        if (c.overlaps(to)) {
          conflicts.add(
              field
                  + ": \""
                  + to
                  + "\" overlaps "
                  + c
                  + ", the translated range of another mapping in routing domain "
                  + member.domain());
        }
      }
      for (int j = 0; j < i; j++) {
        if (ts.get(j).to().overlaps(to)) {
          conflicts.add(field + ": \"" + to + "\" overlaps spec.mappings[" + j + "].to");
        }
      }
      for (Translation t : active.getOrDefault(target, List.of())) {
        if (t.from().overlaps(ts.get(i).from())) {
          conflicts.add(
              "spec.mappings["
                  + i
                  + "].from: \""
                  + ts.get(i).from()
                  + "\" is already translated by "
                  + t.mapping());
        }
      }
    }
    if (!conflicts.isEmpty()) {
      return new MappingVerdict(
          mref,
          State.Conflict,
          TRANSLATION_CONFLICT,
          String.join("; ", conflicts),
          List.copyOf(conflicts));
    }
    claimedTo
        .computeIfAbsent(member.domain(), k -> new ArrayList<>())
        .addAll(ts.stream().map(Translation::to).toList());
    if (spec.origin == TranslationMappingSpec.Origin.Proposed
        && !Boolean.TRUE.equals(spec.approved)) {
      return new MappingVerdict(
          mref,
          State.PendingApproval,
          PENDING_APPROVAL,
          "spec.approved is false: proposed " + describe(spec.mappings) + " waits for approval",
          List.of());
    }
    List<Translation> all = new ArrayList<>(active.getOrDefault(target, List.of()));
    all.addAll(ts);
    active.put(target, all);
    return new MappingVerdict(
        mref, State.Active, "Active", activeMessage(spec.mappings), List.of());
  }

  private static String activeMessage(List<PrefixMapping> pm) {
    return "translating " + describe(pm);
  }

  private static String describe(List<PrefixMapping> pm) {
    return String.join(", ", pm.stream().map(x -> x.from + " -> " + x.to).toList());
  }

  private static boolean sameMappings(List<PrefixMapping> a, List<PrefixMapping> b) {
    if (a == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Objects.equals(a.get(i).from, b.get(i).from)
          || !Objects.equals(a.get(i).to, b.get(i).to)) {
        return false;
      }
    }
    return true;
  }

  /** Whether an operator-made mapping still fits the hub's policy. */
  private static boolean fitsPolicy(TranslationMapping m, AddressOverlapSpec.Policy policy) {
    TranslationMappingSpec.Origin origin = m.getSpec() == null ? null : m.getSpec().origin;
    boolean approved = m.getSpec() != null && Boolean.TRUE.equals(m.getSpec().approved);
    return switch (policy) {
      case Propose -> origin == TranslationMappingSpec.Origin.Proposed;
      case Automatic -> origin == TranslationMappingSpec.Origin.Automatic || approved;
      default -> false;
    };
  }

  private static MappingVerdict invalid(String ref, String reason, String message) {
    return new MappingVerdict(ref, State.Invalid, reason, message, List.of());
  }

  private static boolean covered(List<Translation> ts, Cidr range) {
    return ts != null && ts.stream().anyMatch(t -> t.from().contains(range));
  }

  private static Cidr pool(AddressOverlapSpec spec) {
    String text =
        spec == null || spec.translationPool == null ? DEFAULT_POOL : spec.translationPool;
    Cidr p = parse(text);
    return p == null ? Cidr.parse(DEFAULT_POOL) : p;
  }

  private static Cidr parse(String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String join(List<Cidr> cidrs) {
    return String.join(", ", new TreeSet<>(cidrs).stream().map(Cidr::toString).toList());
  }

  /** {@code namespace/name} of {@code m}. */
  public static String ref(TranslationMapping m) {
    return m.getMetadata().getNamespace() + "/" + m.getMetadata().getName();
  }
}
