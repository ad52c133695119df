package io.vth.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.api.v1alpha1.RoutingDomain;
import io.vth.api.v1alpha1.StaticRoute;
import io.vth.core.addr.Cidr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Route tables per domain, static routes, and the routes each network learns. */
class RouteCompilerTest {

  private static final RouteCompiler.Member A =
      member("ns/a", "prod", List.of("10.1.0.0/16"), null);
  private static final RouteCompiler.Member B =
      member("ns/b", "prod", List.of("10.2.0.0/16"), null);
  private static final RouteCompiler.Member C = member("ns/c", "dev", List.of("10.3.0.0/16"), null);

  @Test
  void eachDomainHoldsOnlyItsOwnAttachmentsPrefixes() {
    var r = RouteCompiler.compile("hub", List.of(domain("prod"), domain("dev")), List.of(A, B, C));

    assertThat(prefixes(r.domains().get("prod"))).containsExactly("10.1.0.0/16", "10.2.0.0/16");
    assertThat(prefixes(r.domains().get("dev"))).containsExactly("10.3.0.0/16");
  }

  @Test
  void staticRoutesAndBlackholesComeFirstAndWin() {
    RoutingDomain prod = domain("prod");
    prod.staticRoutes.add(route("0.0.0.0/0", "ns/b", null));
    prod.staticRoutes.add(route("10.1.0.0/16", null, true));

    var r = RouteCompiler.compile("hub", List.of(prod), List.of(A, B));

    var routes = r.domains().get("prod");
    assertThat(routes)
        .extracting(
            x -> x.prefix().toString(),
            RouteCompiler.Route::attachment,
            RouteCompiler.Route::origin)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("0.0.0.0/0", "ns/b", "static"),
            org.assertj.core.groups.Tuple.tuple("10.1.0.0/16", null, "static"),
            org.assertj.core.groups.Tuple.tuple("10.2.0.0/16", "ns/b", "ns/b"));
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void aStaticRouteToAnotherDomainsAttachmentIsLeftOutAndReported() {
    RoutingDomain prod = domain("prod");
    prod.staticRoutes.add(route("0.0.0.0/0", "ns/c", null));
    prod.staticRoutes.add(route("10.9.0.1/16", null, true));

    var r = RouteCompiler.compile("hub", List.of(prod, domain("dev")), List.of(A, B, C));

    assertThat(prefixes(r.domains().get("prod"))).containsExactly("10.1.0.0/16", "10.2.0.0/16");
    assertThat(r.problems())
        .containsExactly(
            "spec.routingDomains[0].staticRoutes[0].attachment: \"ns/c\" is not a connected attachment of routing domain \"prod\"",
            r.problems().get(1));
    assertThat(r.problems().get(1))
        .startsWith("spec.routingDomains[0].staticRoutes[1].prefix: \"10.9.0.1/16\"");
  }

  @Test
  void aStaticRouteWithoutNamespaceMeansTheHubsNamespace() {
    RoutingDomain prod = domain("prod");
    prod.staticRoutes.add(route("0.0.0.0/0", "a", null));

    var r = RouteCompiler.compile("ns", List.of(prod), List.of(A));

    assertThat(r.domains().get("prod").get(0).attachment()).isEqualTo("ns/a");
  }

  @Test
  void propagatedRoutesLeaveOutOwnPrefixesBlackholesAndWhatAcceptRefuses() {
    RoutingDomain prod = domain("prod");
    prod.staticRoutes.add(route("10.99.0.0/16", null, true));
    RouteCompiler.Member d =
        member("ns/d", "prod", List.of("192.168.0.0/24"), List.of("10.0.0.0/15"));
    var r = RouteCompiler.compile("hub", List.of(prod), List.of(A, B, d));
    var table = r.domains().get("prod");

    assertThat(prefixes(RouteCompiler.propagated(A, table)))
        .containsExactly("10.2.0.0/16", "192.168.0.0/24");
    assertThat(prefixes(RouteCompiler.propagated(d, table))).containsExactly("10.1.0.0/16");
  }

  @Test
  void theOlderAttachmentKeepsAPrefixTwoAdvertise() {
    RouteCompiler.Member twin = member("ns/twin", "prod", List.of("10.1.0.0/16"), null);

    var r = RouteCompiler.compile("hub", List.of(domain("prod")), List.of(A, twin));

    assertThat(r.domains().get("prod"))
        .singleElement()
        .extracting(RouteCompiler.Route::attachment)
        .isEqualTo("ns/a");
  }

  static RouteCompiler.Member member(
      String ref, String domain, List<String> advertised, List<String> accept) {
    return new RouteCompiler.Member(
        ref,
        domain,
        advertised.stream().map(Cidr::parse).toList(),
        accept == null ? null : accept.stream().map(Cidr::parse).toList());
  }

  static RoutingDomain domain(String name) {
    RoutingDomain d = new RoutingDomain();
    d.name = name;
    d.staticRoutes = new ArrayList<>();
    return d;
  }

  static StaticRoute route(String prefix, String attachment, Boolean blackhole) {
    StaticRoute r = new StaticRoute();
    r.prefix = prefix;
    r.attachment = attachment;
    r.blackhole = blackhole;
    return r;
  }

  static List<String> prefixes(List<RouteCompiler.Route> routes) {
    return routes.stream().map(r -> r.prefix().toString()).toList();
  }
}
