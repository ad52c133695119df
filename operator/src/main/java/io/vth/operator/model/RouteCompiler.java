package io.vth.operator.model;

import io.vth.api.v1alpha1.RoutingDomain;
import io.vth.api.v1alpha1.StaticRoute;
import io.vth.core.addr.Cidr;
import io.vth.core.addr.CidrSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the route table of each routing domain of a hub: the hub owner's static routes and
 * blackholes first, then every connected attachment's advertised prefixes pointing at it. A route
 * only ever names an attachment of its own domain. Also derives the routes each network should
 * point at the hub (its propagated routes).
 */
public final class RouteCompiler {

  /** Origin of a route the hub owner wrote in {@code staticRoutes}. */
  public static final String STATIC_ORIGIN = "static";

  /**
   * A connected attachment as the compiler sees it.
   *
   * @param attachment {@code namespace/name}
   * @param domain the routing domain it joined
   * @param advertised prefixes it advertises (canonical)
   * @param accept prefixes it takes routes inside of, or null for every route
   */
  public record Member(
      String attachment, String domain, List<Cidr> advertised, List<Cidr> accept) {}

  /**
   * A compiled route.
   *
   * @param prefix the destination
   * @param attachment where traffic goes, or null for a blackhole
   * @param origin the advertising attachment, or {@value #STATIC_ORIGIN}
   */
  public record Route(Cidr prefix, String attachment, String origin) {
    /** Whether traffic to the prefix is dropped. */
    public boolean blackhole() {
      return attachment == null;
    }
  }

  /**
   * The compiled tables.
   *
   * @param domains routes per domain, in the order of the hub's domains, each sorted by prefix
   * @param problems static routes left out, each naming the field and value
   */
  public record Result(Map<String, List<Route>> domains, List<String> problems) {}

  private RouteCompiler() {}

  /**
   * Compiles {@code domains} of a hub in namespace {@code hubNamespace} for {@code members} (oldest
   * first; when two advertise the same prefix, the older one keeps it).
   */
  public static Result compile(
      String hubNamespace, List<RoutingDomain> domains, List<Member> members) {
    Map<String, List<Route>> tables = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int d = 0; d < domains.size(); d++) {
      RoutingDomain domain = domains.get(d);
      Map<Cidr, Route> table = new LinkedHashMap<>();
      List<StaticRoute> statics = domain.staticRoutes == null ? List.of() : domain.staticRoutes;
      for (int s = 0; s < statics.size(); s++) {
        String field = "spec.routingDomains[" + d + "].staticRoutes[" + s + "]";
        addStatic(hubNamespace, domain.name, statics.get(s), field, members, table, problems);
      }
      for (Member m : members) {
        if (m.domain().equals(domain.name)) {
          for (Cidr prefix : m.advertised()) {
            table.putIfAbsent(prefix, new Route(prefix, m.attachment(), m.attachment()));
          }
        }
      }
      List<Route> routes = new ArrayList<>(table.values());
      routes.sort((a, b) -> a.prefix().compareTo(b.prefix()));
      tables.put(domain.name, List.copyOf(routes));
    }
    return new Result(tables, problems);
  }

  /**
   * The routes {@code member} should point at the hub: every route of its domain to another
   * attachment (blackholes and its own prefixes left out), inside its {@code accept} filter.
   */
  public static List<Route> propagated(Member member, List<Route> domainRoutes) {
    CidrSet accept = member.accept() == null ? null : CidrSet.of(member.accept());
    return domainRoutes.stream()
        .filter(r -> !r.blackhole() && !r.attachment().equals(member.attachment()))
        .filter(r -> accept == null || accept.contains(r.prefix()))
        .toList();
  }

  /** {@code ref} as {@code namespace/name}, with {@code namespace} when it names none. */
  public static String qualify(String namespace, String ref) {
    return ref.contains("/") ? ref : namespace + "/" + ref;
  }

  private static void addStatic(
      String hubNamespace,
      String domain,
      StaticRoute route,
      String field,
      List<Member> members,
      Map<Cidr, Route> table,
      List<String> problems) {
    Cidr prefix;
    try {
      prefix = Cidr.parse(route.prefix == null ? "" : route.prefix);
    } catch (IllegalArgumentException e) {
      problems.add(field + ".prefix: " + e.getMessage());
      return;
    }
    String target = null;
    if (route.blackhole == null || !route.blackhole) {
      if (route.attachment == null) {
        problems.add(field + ": needs an attachment or blackhole: true");
        return;
      }
      target = qualify(hubNamespace, route.attachment);
      String t = target;
      if (members.stream().noneMatch(m -> m.attachment().equals(t) && m.domain().equals(domain))) {
        problems.add(
            field
                + ".attachment: \""
                + route.attachment
                + "\" is not a connected attachment of routing domain \""
                + domain
                + "\"");
        return;
      }
    }
    if (table.containsKey(prefix)) {
      problems.add(field + ".prefix: \"" + prefix + "\" is listed twice in the domain");
      return;
    }
    table.put(prefix, new Route(prefix, target, STATIC_ORIGIN));
  }
}
