package io.vth.operator.model;

import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.DnsPolicySpec;
import io.vth.core.config.DecisionConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which DnsPolicy of a hub is in effect and compiles it into the hub's {@link
 * DecisionConfig.Dns}. Only policies in the hub's own namespace count; of those not being deleted,
 * the oldest valid one (by creation time, then name) is honoured and every other valid one is in
 * {@value #CONFLICT}. An invalid policy changes nothing. Pure and deterministic.
 */
public final class DnsPolicyResolver {

  /** Reason: the policy is not in its hub's namespace. */
  public static final String REF_NOT_PERMITTED = "RefNotPermitted";

  /** Reason: another, older policy of the hub is in effect. */
  public static final String CONFLICT = "Conflict";

  /** Reason: the policy is in effect. */
  public static final String IN_EFFECT = "InEffect";

  /** The DNS port of the hub's resolver in each network. */
  public static final int DNS_PORT = 53;

  /** Default highest TTL, as the CRD defaults it. */
  public static final int DEFAULT_TTL = 30;

  /**
   * The hub's resolver in one network.
   *
   * @param attachment {@code namespace/name}
   * @param address the hub's gateway address in that network, without prefix length
   * @param port the resolver port
   */
  public record Endpoint(String attachment, String address, int port) {}

  /**
   * What the hub decided about one policy.
   *
   * @param problem why it is not in effect, or null when it is
   * @param dns what it compiles to (also for a policy in conflict), or null when invalid
   * @param endpoints the hub's resolver per sharing network (modes Endpoint and Share)
   */
  public record Verdict(Problem problem, DecisionConfig.Dns dns, List<Endpoint> endpoints) {

    /** Whether the policy is in effect. */
    public boolean honoured() {
      return problem == null;
    }
  }

  /**
   * The outcome for a hub.
   *
   * @param honoured {@code namespace/name} of the policy in effect, or null
   * @param dns the compiled DNS rules in effect, or null when no policy is
   * @param verdicts the verdict on each policy, by {@code namespace/name}
   */
  public record Result(String honoured, DecisionConfig.Dns dns, Map<String, Verdict> verdicts) {

    /** No policy. */
    public static Result none() {
      return new Result(null, null, Map.of());
    }

    /** The verdict on {@code namespace/name}. */
    public Optional<Verdict> verdict(String ref) {
      return Optional.ofNullable(verdicts.get(ref));
    }
  }

  private DnsPolicyResolver() {}

  /**
   * Resolves {@code policies} (those whose {@code hubRef} names hub {@code hubRef}, in any
   * namespace) against the hub's planned {@code attachments}.
   */
  public static Result resolve(
      String hubNamespace,
      String hubRef,
      List<DnsPolicy> policies,
      List<AttachmentPlan> attachments) {
    if (policies == null || policies.isEmpty()) {
      return Result.none();
    }
    Map<String, AttachmentPlan> plans = new LinkedHashMap<>();
    attachments.forEach(p -> plans.put(p.ref(), p));
    Map<String, Verdict> verdicts = new LinkedHashMap<>();
    String honoured = null;
    DecisionConfig.Dns dns = null;
    for (DnsPolicy p : ordered(policies)) {
      String ref = ref(p);
      Optional<Problem> permitted = permitted(p, hubNamespace, hubRef);
      if (permitted.isPresent()) {
        verdicts.put(ref, new Verdict(permitted.get(), null, List.of()));
        continue;
      }
      DnsPolicyCompiler.Compiled compiled = DnsPolicyCompiler.compile(p, hubRef, plans);
      if (compiled.problem() != null) {
        verdicts.put(ref, new Verdict(compiled.problem(), null, List.of()));
        continue;
      }
      List<Endpoint> endpoints = endpoints(compiled.dns(), compiled.sharing(), plans);
      if (honoured == null) {
        honoured = ref;
        dns = compiled.dns();
        verdicts.put(ref, new Verdict(null, dns, endpoints));
      } else {
        Problem conflict =
            new Problem(
                CONFLICT,
                "DnsPolicy \""
                    + honoured
                    + "\" is older and already in effect for hub \""
                    + hubRef
                    + "\"; a hub honours one DnsPolicy");
        verdicts.put(ref, new Verdict(conflict, compiled.dns(), endpoints));
      }
    }
    return new Result(honoured, dns, verdicts);
  }

  /** {@code namespace/name} of {@code p}. */
  public static String ref(DnsPolicy p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  /** {@code namespace/name} of the hub {@code p} names, or null when it names none. */
  public static String hubRef(DnsPolicy p) {
    DnsPolicySpec spec = p.getSpec();
    if (spec == null || spec.hubRef == null) {
      return null;
    }
    String ns =
        spec.hubRef.namespace == null ? p.getMetadata().getNamespace() : spec.hubRef.namespace;
    return ns + "/" + spec.hubRef.name;
  }

  /**
   * {@value #REF_NOT_PERMITTED} when {@code p} is not in the namespace of its hub {@code hubRef}
   * (the hub owner decides who shares names).
   */
  public static Optional<Problem> permitted(DnsPolicy p, String hubNamespace, String hubRef) {
    String ns = p.getMetadata().getNamespace();
    if (ns.equals(hubNamespace)) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            REF_NOT_PERMITTED,
            "spec.hubRef: hub \""
                + hubRef
                + "\" is in namespace \""
                + hubNamespace
                + "\"; a DnsPolicy is honoured only in its hub's namespace, not in \""
                + ns
                + "\""));
  }

  /** Policies not being deleted, oldest first, then by reference. */
  static List<DnsPolicy> ordered(List<DnsPolicy> policies) {
    return policies.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted(
            Comparator.comparing(
                    (DnsPolicy p) ->
                        Optional.ofNullable(p.getMetadata().getCreationTimestamp()).orElse(""))
                .thenComparing(DnsPolicyResolver::ref))
        .toList();
  }

  /**
   * One endpoint per sharing attachment in modes Endpoint and Share (the hub listens on its gateway
   * address there); none in mode Intercept.
   */
  private static List<Endpoint> endpoints(
      DecisionConfig.Dns dns, List<String> sharing, Map<String, AttachmentPlan> plans) {
    if (DnsPolicySpec.Mode.Intercept.name().equals(dns.mode())) {
      return List.of();
    }
    List<Endpoint> out = new ArrayList<>();
    for (String ref : sharing) {
      AttachmentPlan plan = plans.get(ref);
      if (plan != null && plan.gateway() != null) {
        String gateway = plan.gateway();
        int slash = gateway.indexOf('/');
        out.add(new Endpoint(ref, slash < 0 ? gateway : gateway.substring(0, slash), DNS_PORT));
      }
    }
    return out;
  }
}
