package io.vth.bench;

import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes the decision configs of the end-to-end benchmarks (one hub, one routing domain "default",
 * cell "bench"): one attachment per network spec, a route to each network's own CIDR, and
 * optionally {@code extra} random IPv4 routes (Internet-like length mix, seeded) spread round-robin
 * over the attachments.
 *
 * <pre>
 * java -cp benchmarks.jar io.vth.bench.DecisionConfigs OUT EXTRA_ROUTES SPEC...
 *   SPEC = name,vni,cidr,remote,port,gatewayCidr   e.g. a,1001,192.168.1.0/24,10.77.0.2,4789,169.254.10.1/30
 * </pre>
 */
public final class DecisionConfigs {

  public static final String CELL = "bench";

  private DecisionConfigs() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: DecisionConfigs OUT EXTRA_ROUTES name,vni,cidr,remote,port,gw...");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int extra = Integer.parseInt(args[1]);
    List<Attachment> attachments = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    Set<String> prefixes = new LinkedHashSet<>();
    for (int i = 2; i < args.length; i++) {
      String[] f = args[i].split(",");
      int vni = Integer.parseInt(f[1]);
      String name = "bench/" + f[0];
      attachments.add(
          new Attachment(
              name,
              vni,
              "default",
              f[3],
              Integer.parseInt(f[4]),
              f[5],
              String.format(
                  "02:76:74:%02x:%02x:%02x", vni >> 16 & 0xff, vni >> 8 & 0xff, vni & 0xff),
              List.of(f[2]),
              List.of()));
      routes.add(new Route(f[2], name, false));
      prefixes.add(f[2]);
    }
    SplittableRandom random = new SplittableRandom(42);
    int added = 0;
    while (added < extra) {
      int length = RandomRoutes.ipv4Length(random);
      int address = random.nextInt() & RandomRoutes.mask4(length);
      String prefix = format(address) + "/" + length;
      if (prefixes.add(prefix)) {
        routes.add(new Route(prefix, attachments.get(added % attachments.size()).name(), false));
        added++;
      }
    }
    Hub hub =
        new Hub("bench/hub", List.of(new Domain("default", routes)), attachments, List.of(), null);
    byte[] json =
        DecisionConfigJson.write(
            new DecisionConfig(DecisionConfig.SCHEMA_VERSION, 1, CELL, List.of(hub)));
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.write(tmp, json);
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(
        "wrote %s: %d attachments, %d routes (%d random)%n",
        out, attachments.size(), routes.size(), extra);
  }

  static String format(int a) {
    return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
  }
}
