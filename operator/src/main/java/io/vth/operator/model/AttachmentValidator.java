package io.vth.operator.model;

import io.vth.api.v1alpha1.HubAttachmentSpec;
import io.vth.api.v1alpha1.RouteFilterSpec;
import io.vth.core.addr.Cidr;
import io.vth.core.addr.CidrSet;
import io.vth.core.addr.IpAddress;
import io.vth.core.config.ServableConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Checks what the CRD schema cannot: canonical CIDRs, addresses, the routing domain, route filters.
 * The first problem found is reported, naming the field and the value.
 */
public final class AttachmentValidator {

  /** Reason: a CIDR is malformed or not canonical. */
  public static final String INVALID_CIDR = "InvalidCidr";

  /** Reason: an advertised prefix lies outside the network's CIDRs. */
  public static final String ADVERTISE_OUTSIDE_CIDRS = "AdvertiseOutsideCidrs";

  /** Reason: the routing domain is not one of the hub's. */
  public static final String UNKNOWN_ROUTING_DOMAIN = "UnknownRoutingDomain";

  /** Reason: the tunnel or DNS server address is malformed. */
  public static final String INVALID_ADDRESS = "InvalidAddress";

  /**
   * Reason: a valid address the data plane cannot serve yet (an IPv6 tunnel remote or on-link
   * address); the pods apply the same check ({@link ServableConfig}) and would skip it.
   */
  public static final String UNSUPPORTED_ADDRESS = "UnsupportedAddress";

  /** The domain an attachment joins when it names none. */
  public static final String DEFAULT_DOMAIN = "default";

  private AttachmentValidator() {}

  /** The routing domain {@code spec} joins. */
  public static String domain(HubAttachmentSpec spec) {
    return spec.routingDomain == null ? DEFAULT_DOMAIN : spec.routingDomain;
  }

  /** Empty when {@code spec} is valid for a hub with {@code domains}; otherwise the problem. */
  public static Optional<Problem> check(HubAttachmentSpec spec, Collection<String> domains) {
    String domain = domain(spec);
    if (!domains.contains(domain)) {
      return Optional.of(
          new Problem(
              UNKNOWN_ROUTING_DOMAIN,
              "spec.routingDomain: \""
                  + domain
                  + "\" is not a routing domain of the hub; it has "
                  + String.join(", ", domains)));
    }
    List<String> problems = new ArrayList<>();
    List<Cidr> cidrs = cidrs("spec.cidrs", spec.cidrs, problems);
    if (cidrs.isEmpty() && problems.isEmpty()) {
      problems.add("spec.cidrs: at least one CIDR is needed");
    }
    RouteFilterSpec routes = spec.routes == null ? new RouteFilterSpec() : spec.routes;
    List<Cidr> advertise = cidrs("spec.routes.advertise", routes.advertise, problems);
    cidrs("spec.routes.accept", routes.accept, problems);
    if (!problems.isEmpty()) {
      return Optional.of(new Problem(INVALID_CIDR, problems.get(0)));
    }
    CidrSet own = CidrSet.of(cidrs);
    for (int i = 0; i < advertise.size(); i++) {
      if (!own.contains(advertise.get(i))) {
        return Optional.of(
            new Problem(
                ADVERTISE_OUTSIDE_CIDRS,
                "spec.routes.advertise["
                    + i
                    + "]: \""
                    + advertise.get(i)
                    + "\" is not inside the network's spec.cidrs"));
      }
    }
    List<String> addressProblems = new ArrayList<>();
    address("spec.tunnel.remote", spec.tunnel == null ? null : spec.tunnel.remote, addressProblems);
    List<String> dns = spec.dnsServers == null ? List.of() : spec.dnsServers;
    for (int i = 0; i < dns.size(); i++) {
      address("spec.dnsServers[" + i + "]", dns.get(i), addressProblems);
    }
    if (!addressProblems.isEmpty()) {
      return Optional.of(new Problem(INVALID_ADDRESS, addressProblems.get(0)));
    }
    return unservable(spec);
  }

  /** What the pods could not serve of a valid {@code spec}, as they would judge it. */
  private static Optional<Problem> unservable(HubAttachmentSpec spec) {
    if (spec.tunnel == null) {
      return Optional.empty();
    }
    Optional<String> remote =
        ServableConfig.tunnelRemote(spec.tunnel.remote).map(p -> "spec.tunnel.remote: " + p);
    if (remote.isPresent() || spec.tunnel.hubAddress == null) {
      return remote.map(m -> new Problem(UNSUPPORTED_ADDRESS, m));
    }
    try {
      return ServableConfig.gateway(spec.tunnel.hubAddress)
          .map(p -> new Problem(UNSUPPORTED_ADDRESS, "spec.tunnel.hubAddress: " + p));
    } catch (IllegalArgumentException e) {
      return Optional.of(new Problem(INVALID_ADDRESS, "spec.tunnel.hubAddress: " + e.getMessage()));
    }
  }

  /** The canonical prefixes of {@code texts} (null: none); a problem for each bad one. */
  static List<Cidr> cidrs(String field, List<String> texts, List<String> problems) {
    List<Cidr> out = new ArrayList<>();
    if (texts == null) {
      return out;
    }
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(Cidr.parse(texts.get(i) == null ? "" : texts.get(i)));
      } catch (IllegalArgumentException e) {
        problems.add(field + "[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  private static void address(String field, String text, List<String> problems) {
    try {
      IpAddress.parse(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
    }
  }
}
