package io.vth.e2e.hub;

import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfig.Translation;
import io.vth.e2e.lab.Dnsmasq;
import io.vth.e2e.lab.Network;
import java.util.List;
import java.util.Map;

/**
 * The overlap scenario the hub tests share: network A (10.1.0.0/16, host 10.1.0.10) and networks B
 * and C that both really use 192.168.1.0/24 (host 192.168.1.10 in each). The hub translates B to
 * 100.64.1.0/24 and C to 100.64.2.0/24, so A reaches each by its translated address.
 */
record OverlappingNetworks(Network a, Network b, Network c) {

  /** The host of B and of C (the same address in both). */
  static final String HOST = "192.168.1.10";

  /** The UDP port on which the hosts of B and C answer with their network's name. */
  static final int RESPONDER_PORT = 7777;

  /** Creates A, B and C with VNIs {@code firstVni}, {@code firstVni + 1}, {@code firstVni + 2}. */
  static OverlappingNetworks create(HubFixture hub, int firstVni) {
    Network a =
        hub.network(
            "a",
            firstVni,
            "10.1.0.0/16",
            "10.1.0.10",
            "169.254.10.1/30",
            "100.64.1.0/24",
            "100.64.2.0/24");
    Network b =
        hub.network("b", firstVni + 1, "192.168.1.0/24", HOST, "169.254.20.1/30", "10.1.0.0/16");
    Network c =
        hub.network("c", firstVni + 2, "192.168.1.0/24", HOST, "169.254.30.1/30", "10.1.0.0/16");
    return new OverlappingNetworks(a, b, c);
  }

  /** One routing domain: A's real range, B's and C's translated ranges. */
  List<Domain> domains() {
    return List.of(
        new Domain(
            "default",
            List.of(
                Route.to("10.1.0.0/16", "e2e/a"),
                Route.to("100.64.1.0/24", "e2e/b"),
                Route.to("100.64.2.0/24", "e2e/c"))));
  }

  /** The three attachments, all in routing domain "default", without resolvers of their own. */
  List<Attachment> attachments() {
    return List.of(
        HubFixture.attachment(a, "default"),
        HubFixture.attachment(b, "default"),
        HubFixture.attachment(c, "default"));
  }

  /** B as 100.64.1.0/24 and C as 100.64.2.0/24 for everyone else. */
  List<Translation> translations() {
    return List.of(
        new Translation("e2e/b", "192.168.1.0/24", "100.64.1.0/24"),
        new Translation("e2e/c", "192.168.1.0/24", "100.64.2.0/24"));
  }

  /** The hosts of B and C answer UDP {@link #RESPONDER_PORT} with "network-b" / "network-c". */
  void startResponders(HubFixture hub) {
    hub.responder(b, RESPONDER_PORT, "network-b");
    hub.responder(c, RESPONDER_PORT, "network-c");
  }

  /**
   * B and C each run their own dnsmasq on {@link #HOST}, answering {@code db.internal} and the name
   * {@code db.<b|c>.internal} of their own zone with their own {@link #HOST}.
   */
  void startResolvers(HubFixture hub) {
    Dnsmasq.start(hub.lab, b, HOST, Map.of("db.b.internal", HOST, "db.internal", HOST));
    Dnsmasq.start(hub.lab, c, HOST, Map.of("db.c.internal", HOST, "db.internal", HOST));
  }
}
