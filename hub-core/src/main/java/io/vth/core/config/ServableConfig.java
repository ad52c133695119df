package io.vth.core.config;

import io.vth.core.addr.IpAddress;
import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfig.Translation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the pods can serve of a valid decision config. A document that passes {@link
 * DecisionConfigJson#parse} may still name an attachment the data plane cannot serve today (a
 * tunnel remote or gateway that is not IPv4); such an attachment is left out, alone: its routes
 * become blackholes (its traffic is dropped, never sent elsewhere), its translations go, and every
 * other attachment is served. The operator refuses the same attachments with the same checks
 * ({@link #tunnelRemote}, {@link #gateway}), so a pod skips one only when an operator and the pods
 * disagree (versions in an upgrade, a hand-written document).
 *
 * @param config the config without the skipped attachments
 * @param skipped one line per skipped attachment, naming it, the field and the value
 */
public record ServableConfig(DecisionConfig config, List<String> skipped) {

  /** The servable part of {@code config}. */
  public static ServableConfig of(DecisionConfig config) {
    List<String> skipped = new ArrayList<>();
    List<Hub> hubs = new ArrayList<>();
    for (int h = 0; h < config.hubs().size(); h++) {
      Hub hub = config.hubs().get(h);
      Set<String> left = new HashSet<>();
      List<Attachment> kept = new ArrayList<>();
      for (int a = 0; a < hub.attachments().size(); a++) {
        Attachment att = hub.attachments().get(a);
        Optional<String> problem = problem(att);
        if (problem.isPresent()) {
          left.add(att.name());
          skipped.add(
              "hubs[" + h + "].attachments[" + a + "] (" + att.name() + ")." + problem.get());
        } else {
          kept.add(att);
        }
      }
      hubs.add(left.isEmpty() ? hub : without(hub, kept, left));
    }
    if (skipped.isEmpty()) {
      return new ServableConfig(config, List.of());
    }
    return new ServableConfig(
        new DecisionConfig(config.schemaVersion(), config.generation(), config.cell(), hubs),
        List.copyOf(skipped));
  }

  /** Why the pods cannot serve {@code a}, as {@code field: "value" reason}; empty when they can. */
  public static Optional<String> problem(Attachment a) {
    return tunnelRemote(a.remote())
        .map(p -> "remote: " + p)
        .or(() -> gateway(a.gateway()).map(p -> "gateway: " + p));
  }

  /** Why a tunnel remote cannot be served ({@code "fd00::1" is ...}); empty when it can. */
  public static Optional<String> tunnelRemote(String remote) {
    if (remote != null && !IpAddress.parse(remote).isIpv4()) {
      return Optional.of("\"" + remote + "\" is an IPv6 address; tunnels are IPv4 only");
    }
    return Optional.empty();
  }

  /** Why the hub's on-link address ({@code address/length}) cannot be served; empty when it can. */
  public static Optional<String> gateway(String gateway) {
    if (gateway != null) {
      int slash = gateway.indexOf('/');
      String address = slash < 0 ? gateway : gateway.substring(0, slash);
      if (!IpAddress.parse(address).isIpv4()) {
        return Optional.of(
            "\"" + gateway + "\" is an IPv6 address; the hub's on-link address is IPv4 only");
      }
    }
    return Optional.empty();
  }

  private static Hub without(Hub hub, List<Attachment> kept, Set<String> left) {
    List<Domain> domains = new ArrayList<>();
    for (Domain d : hub.domains()) {
      List<Route> routes = new ArrayList<>();
      for (Route r : d.routes()) {
        routes.add(
            !r.blackhole() && left.contains(r.attachment()) ? Route.blackhole(r.prefix()) : r);
      }
      domains.add(new Domain(d.name(), routes));
    }
    List<Translation> translations =
        hub.translations().stream().filter(t -> !left.contains(t.attachment())).toList();
    return new Hub(hub.name(), domains, kept, translations, hub.dns(), hub.limits());
  }
}
