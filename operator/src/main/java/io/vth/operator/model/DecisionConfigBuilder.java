package io.vth.operator.model;

import io.vth.api.v1alpha1.HubAttachmentSpec;
import io.vth.api.v1alpha1.LimitsSpec;
import io.vth.core.addr.Cidr;
import io.vth.core.addr.CidrSet;
import io.vth.core.config.DecisionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the decision config document of a cell from a hub's compiled tables and attachments. */
public final class DecisionConfigBuilder {

  private DecisionConfigBuilder() {}

  /** The document (generation 0) of {@code cell} serving hub {@code hubRef}, without DNS. */
  public static DecisionConfig build(
      String cell,
      String hubRef,
      Map<String, List<RouteCompiler.Route>> tables,
      List<AttachmentPlan> plans) {
    return build(cell, hubRef, tables, plans, null);
  }

  /**
   * The document (generation 0) of {@code cell} serving hub {@code hubRef} with the DNS rules of
   * its policy in effect ({@code dns}, null when none is).
   */
  public static DecisionConfig build(
      String cell,
      String hubRef,
      Map<String, List<RouteCompiler.Route>> tables,
      List<AttachmentPlan> plans,
      DecisionConfig.Dns dns) {
    return build(cell, hubRef, tables, plans, dns, null);
  }

  /**
   * The document (generation 0) of {@code cell} serving hub {@code hubRef}, with the DNS rules of
   * its policy in effect ({@code dns}) and its per-attachment limits ({@code limits}), each null
   * when the hub has none.
   */
  public static DecisionConfig build(
      String cell,
      String hubRef,
      Map<String, List<RouteCompiler.Route>> tables,
      List<AttachmentPlan> plans,
      DecisionConfig.Dns dns,
      DecisionConfig.Limits limits) {
    List<DecisionConfig.Domain> domains = new ArrayList<>();
    tables.forEach(
        (name, routes) ->
            domains.add(
                new DecisionConfig.Domain(
                    name, routes.stream().map(DecisionConfigBuilder::route).toList())));
    List<DecisionConfig.Attachment> attachments = new ArrayList<>();
    List<DecisionConfig.Translation> translations = new ArrayList<>();
    for (AttachmentPlan p : plans) {
      if (p.accepted()) {
        attachments.add(attachment(p));
        if (p.overlap() != null) {
          p.overlap()
              .translations()
              .forEach(
                  t ->
                      translations.add(
                          new DecisionConfig.Translation(
                              t.attachment(), t.from().toString(), t.to().toString())));
        }
      }
    }
    DecisionConfig.Hub hub =
        new DecisionConfig.Hub(hubRef, domains, attachments, translations, dns, limits);
    return new DecisionConfig(DecisionConfig.SCHEMA_VERSION, 0, cell, List.of(hub));
  }

  /** {@code spec}'s limits with the defaults filled in, or null (the pods' defaults) when unset. */
  public static DecisionConfig.Limits limits(LimitsSpec spec) {
    if (spec == null) {
      return null;
    }
    DecisionConfig.Limits d = DecisionConfig.Limits.DEFAULT;
    return new DecisionConfig.Limits(
        spec.newFlowsPerSecond != null ? spec.newFlowsPerSecond : d.newFlowsPerSecond(),
        spec.waitingFlows != null ? spec.waitingFlows : d.waitingFlows(),
        spec.dnsPendingQueries != null ? spec.dnsPendingQueries : d.dnsPendingQueries(),
        spec.dnsTcpConnections != null ? spec.dnsTcpConnections : d.dnsTcpConnections());
  }

  /** {@code config} with generation {@code generation}. */
  public static DecisionConfig withGeneration(DecisionConfig config, long generation) {
    return new DecisionConfig(config.schemaVersion(), generation, config.cell(), config.hubs());
  }

  private static DecisionConfig.Route route(RouteCompiler.Route r) {
    return r.blackhole()
        ? DecisionConfig.Route.blackhole(r.prefix().toString())
        : DecisionConfig.Route.to(r.prefix().toString(), r.attachment());
  }

  private static DecisionConfig.Attachment attachment(AttachmentPlan p) {
    HubAttachmentSpec spec = p.attachment().getSpec();
    List<String> ignored = new ArrayList<>();
    // The ranges the network really owns: under Notify, the part of its ranges that overlaps an
    // older attachment is not connected, so its sources there are spoofed, not its own.
    CidrSet owned = CidrSet.of(AttachmentValidator.cidrs("spec.cidrs", spec.cidrs, ignored));
    if (p.overlap() != null && !p.overlap().excluded().isEmpty()) {
      owned = owned.subtract(CidrSet.of(p.overlap().excluded()));
    }
    List<String> cidrs = owned.cidrs().stream().map(Cidr::toString).toList();
    int port = spec.tunnel.port == null ? HubPlanner.DEFAULT_TUNNEL_PORT : spec.tunnel.port;
    return new DecisionConfig.Attachment(
        p.ref(),
        p.vni(),
        p.domain(),
        spec.tunnel.remote,
        port,
        p.gateway(),
        p.gatewayMac(),
        cidrs,
        spec.dnsServers);
  }
}
