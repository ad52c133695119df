package io.vth.decision;

import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfig.Translation;
import java.util.ArrayList;
import java.util.List;

/** Decision configs on the address plan of the patent's figure 21, for tests. */
final class Figure21 {

  static final int VNI_A = 1001;
  static final int VNI_B = 1002;
  static final int VNI_C = 1003;
  static final int VNI_OTHER_DOMAIN = 2001;

  private Figure21() {}

  static Attachment attachment(String name, int vni, String domain, String cidr, int index) {
    return new Attachment(
        name,
        vni,
        domain,
        "10.254.0." + (4 * index + 2),
        4789,
        "169.254.0." + (4 * index + 1) + "/30",
        String.format("02:76:74:00:%02x:%02x", vni >> 8 & 0xff, vni & 0xff),
        List.of(cidr),
        List.of());
  }

  /**
   * A, B, C in domain default (A translated to 100.64.7.0/24), D alone in domain other; a
   * blackhole.
   */
  static DecisionConfig config(long generation, Route... extraRoutes) {
    List<Route> routes = new ArrayList<>();
    routes.add(Route.to("192.168.1.0/24", "demo/a"));
    routes.add(Route.to("100.64.7.0/24", "demo/a"));
    routes.add(Route.to("10.10.1.0/24", "demo/b"));
    routes.add(Route.to("21.12.1.0/24", "demo/c"));
    routes.add(Route.blackhole("10.99.0.0/16"));
    routes.add(Route.to("fd00:b::/64", "demo/b"));
    routes.addAll(List.of(extraRoutes));
    Hub hub =
        new Hub(
            "demo/corp",
            List.of(
                new Domain("default", routes),
                new Domain("other", List.of(Route.to("172.16.1.0/24", "demo/d")))),
            List.of(
                attachment("demo/a", VNI_A, "default", "192.168.1.0/24", 0),
                attachment("demo/b", VNI_B, "default", "10.10.1.0/24", 1),
                attachment("demo/c", VNI_C, "default", "21.12.1.0/24", 2),
                attachment("demo/d", VNI_OTHER_DOMAIN, "other", "172.16.1.0/24", 3)),
            List.of(new Translation("demo/a", "192.168.1.0/24", "100.64.7.0/24")),
            null);
    return new DecisionConfig(DecisionConfig.SCHEMA_VERSION, generation, "corp", List.of(hub));
  }

  static int ip(String dotted) {
    int v = 0;
    for (String p : dotted.split("\\.")) {
      v = (v << 8) | Integer.parseInt(p);
    }
    return v;
  }
}
