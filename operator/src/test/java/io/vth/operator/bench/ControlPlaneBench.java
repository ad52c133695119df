package io.vth.operator.bench;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.dataplanePod;
import static io.vth.operator.Fixtures.hub;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import io.vth.operator.model.ConditionSet;
import io.vth.operator.model.ObjectNames;
import io.vth.operator.model.RouteTables;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The control-plane benchmark (issue 9, item 4): the real operator against the Fabric8 mock API
 * server in CRUD mode, in one JVM. Not part of the test run (its name ends in neither Test nor IT);
 * {@code bench/run-control-plane.sh} runs it once per measurement with {@code
 * -Dtest=ControlPlaneBench}. The operator is not started with the application ({@code
 * start-operator=false}) so that the API server's own cost and the heap without an operator can be
 * measured first.
 *
 * <p>System properties: {@code bench.mode} {@code converge} (default: {@code bench.n} attachments
 * with one /24 each) or {@code routes} ({@code bench.attachments} attachments carrying {@code
 * bench.routes} /26 prefixes between them); {@code bench.timeout} seconds to wait (default 600).
 * Every result is a line starting with {@code BENCH}.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ControlPlaneBench.OperatorNotStarted.class)
class ControlPlaneBench {

  /** The test profile with the operator started by the benchmark, not by the application. */
  public static class OperatorNotStarted implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.operator-sdk.start-operator", "false",
          "%test.quarkus.operator-sdk.start-operator", "false",
          "quarkus.log.category.\"io.vth.operator\".level", "WARN",
          // the mock server logs every request at INFO: thousands of lines a second here
          "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
    }
  }

  /** Whether the attachments are created before the operator starts ({@code bench.prestart}). */
  private static final boolean PRESTART = Boolean.getBoolean("bench.prestart");

  private static final String NS = "bench";
  private static final String BASE_NS = "bench-base";
  private static final String HUB = "corp";

  @Inject KubernetesClient client;
  @Inject Operator operator;

  @Test
  void run() throws Exception {
    String mode = System.getProperty("bench.mode", "converge");
    long timeoutNanos = Long.getLong("bench.timeout", 600) * 1_000_000_000L;
    if (mode.equals("converge")) {
      int n = Integer.getInteger("bench.n", 100);
      List<HubAttachment> specs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        specs.add(attachment(NS, name(i), NS, HUB, slash24(i)));
      }
      measure("converge", n, n, specs, timeoutNanos);
    } else if (mode.equals("routes")) {
      int attachments = Integer.getInteger("bench.attachments", 100);
      int routes = Integer.getInteger("bench.routes", 100_000);
      if (routes % attachments != 0) {
        throw new IllegalArgumentException(
            "bench.routes=" + routes + " is not a multiple of bench.attachments=" + attachments);
      }
      int per = routes / attachments;
      List<HubAttachment> specs = new ArrayList<>();
      for (int i = 0; i < attachments; i++) {
        String[] cidrs = new String[per];
        for (int j = 0; j < per; j++) {
          cidrs[j] = slash26(i * per + j);
        }
        specs.add(attachment(NS, name(i), NS, HUB, cidrs));
      }
      measure("routes", attachments, routes, specs, timeoutNanos);
    } else {
      throw new IllegalArgumentException("bench.mode=" + mode + ": expected converge or routes");
    }
  }

  private void measure(String mode, int n, int routes, List<HubAttachment> specs, long timeoutNanos)
      throws Exception {
    report(
        "mode=%s prestart=%s attachments=%d routes=%d cpus=%d maxHeapMiB=%d",
        mode,
        PRESTART,
        n,
        routes,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    namespaces(NS, BASE_NS);

    // Baseline 1: the API server alone accepts the same attachments and lists them back.
    long t0 = System.nanoTime();
    for (HubAttachment a : specs) {
      HubAttachment copy = copy(a);
      copy.getMetadata().setNamespace(BASE_NS);
      client.resource(copy).create();
    }
    int listed =
        client.resources(HubAttachment.class).inNamespace(BASE_NS).list().getItems().size();
    long apiNanos = System.nanoTime() - t0;
    check(listed == n, "baseline listed " + listed + " of " + n + " attachments");
    report("baseline=api-create-list seconds=%.3f", apiNanos / 1e9);
    client.resources(HubAttachment.class).inNamespace(BASE_NS).delete();
    long heapApi = heapAfterGc();

    // The cell: two zones, two dataplane pods each; the hub; then the operator.
    for (String zone : List.of("a", "b")) {
      for (int i = 0; i < 2; i++) {
        client
            .resource(
                dataplanePod(
                    NS,
                    HUB,
                    zone,
                    HUB + "-dataplane-" + zone + "-" + i,
                    "10.255." + (zone.equals("a") ? 1 : 2) + "." + (10 + i)))
            .create();
      }
    }
    long heapNoOperator = heapAfterGc();
    report("heap=no-operator MiB=%.1f", heapNoOperator / 1048576.0);
    client.resource(hub(NS, HUB, "a", "b")).create();
    long heapIdle = heapNoOperator;
    if (!PRESTART) {
      operator.start();
      waitFor("empty config", timeoutNanos, () -> routesInConfig() == 0);
      heapIdle = heapAfterGc();
      report(
          "heap=operator-idle MiB=%.1f operatorShareMiB=%.1f",
          heapIdle / 1048576.0, (heapIdle - heapNoOperator) / 1048576.0);
    }

    // Watch what the operator writes, as a client would.
    Map<String, Boolean> ready = new ConcurrentHashMap<>();
    Map<String, Integer> statusRoutes = new ConcurrentHashMap<>();
    Map<String, Integer> tableRoutes = new ConcurrentHashMap<>();
    SharedIndexInformer<HubAttachment> attachments =
        client
            .resources(HubAttachment.class)
            .inNamespace(NS)
            .inform(
                handler(
                    a -> {
                      String k = a.getMetadata().getName();
                      Condition c =
                          a.getStatus() == null
                              ? null
                              : ConditionSet.find(a.getStatus().conditions, "Ready");
                      ready.put(k, c != null && c.status == Condition.Status.True);
                      statusRoutes.put(
                          k, a.getStatus() == null ? -1 : a.getStatus().propagatedRoutes.size());
                    }));
    SharedIndexInformer<ConfigMap> tables =
        client
            .configMaps()
            .inNamespace(NS)
            .inform(
                handler(
                    cm -> {
                      String k = cm.getMetadata().getName();
                      String text =
                          cm.getData() == null ? null : cm.getData().get(RouteTables.PREFIXES_KEY);
                      if (text != null) {
                        tableRoutes.put(
                            k,
                            text.isEmpty()
                                ? 0
                                : (int) text.chars().filter(ch -> ch == '\n').count());
                      }
                    }));

    int others = routes - routes / n;
    long applying = System.nanoTime();
    int created = 0;
    for (HubAttachment a : specs) {
      if (System.nanoTime() - applying > timeoutNanos) {
        break;
      }
      client.resource(a).create();
      created++;
      if (created % 500 == 0) {
        report("applying created=%d seconds=%.3f", created, (System.nanoTime() - applying) / 1e9);
      }
    }
    long createdNanos = System.nanoTime() - applying;
    report("applied created=%d seconds=%.3f", created, createdNanos / 1e9);
    if (PRESTART) {
      // the attachments exist before the operator starts: only the operator's work is timed
      applying = System.nanoTime();
      createdNanos = 0;
      operator.start();
      report("operatorStarted attachments=%d", created);
    }
    final long start = applying;
    long[] marks = new long[3];
    boolean done =
        created == n
            && waitFor(
                "convergence",
                Math.max(1, timeoutNanos - createdNanos),
                () -> {
                  long now = System.nanoTime();
                  long readyCount = ready.values().stream().filter(b -> b).count();
                  long propagated = statusRoutes.values().stream().filter(c -> c == others).count();
                  long tabled = tableRoutes.values().stream().filter(c -> c == others).count();
                  if (marks[0] == 0 && readyCount == n) {
                    marks[0] = now;
                    report("allReady seconds=%.3f", (now - start) / 1e9);
                  }
                  if (marks[1] == 0 && propagated == n && tabled == n) {
                    marks[1] = now;
                    report("allRoutesPropagated seconds=%.3f", (now - start) / 1e9);
                  }
                  if (marks[2] == 0 && routesInConfig() == routes) {
                    marks[2] = now;
                    report("configPublished seconds=%.3f", (now - start) / 1e9);
                  }
                  progress(start, readyCount, propagated, tabled, n);
                  return marks[0] != 0 && marks[1] != 0 && marks[2] != 0;
                });
    attachments.close();
    tables.close();
    long end = System.nanoTime();
    if (done) {
      long converged = Math.max(marks[0], Math.max(marks[1], marks[2]));
      report(
          "converged seconds=%.3f ratioToApiBaseline=%.1f",
          (converged - start) / 1e9, (double) (converged - start) / apiNanos);
    } else {
      int others2 = others;
      report(
          "notConverged afterSeconds=%.3f created=%d ready=%d routesInStatus=%d routeTables=%d"
              + " of=%d routesInConfig=%d",
          (end - start) / 1e9,
          created,
          ready.values().stream().filter(b -> b).count(),
          statusRoutes.values().stream().filter(c -> c == others2).count(),
          tableRoutes.values().stream().filter(c -> c == others2).count(),
          n,
          routesInConfigOrMinus());
    }
    long heapN = heapAfterGc();
    report("heap=operator-converged MiB=%.1f", heapN / 1048576.0);
    sizes(n);
    if (mode.equals("routes")) {
      publishBaselines();
    }
    operator.stop();
    long heapStopped = heapAfterGc();
    report(
        "heap=operator-stopped MiB=%.1f operatorShareMiB=%.1f idleOperatorShareMiB=%.1f",
        heapStopped / 1048576.0,
        (heapN - heapStopped) / 1048576.0,
        (heapIdle - heapNoOperator) / 1048576.0);
    report("heap=api-baseline MiB=%.1f", heapApi / 1048576.0);
    check(done, "did not converge within bench.timeout");
  }

  /**
   * Sizes of what the operator published: the biggest objects decide what a real server accepts.
   */
  private void sizes(int n) {
    ConfigMap config =
        client.configMaps().inNamespace(NS).withName(ObjectNames.decisionConfig(HUB)).get();
    long configBytes = config == null ? 0 : bytes(config);
    String first = ObjectNames.routeTable(name(0));
    ConfigMap table = client.configMaps().inNamespace(NS).withName(first).get();
    HubAttachment a = client.resources(HubAttachment.class).inNamespace(NS).withName(name(0)).get();
    report(
        "sizes decisionConfigMapBytes=%d routeTableBytes=%d attachmentBytes=%d overOneMiB=%s",
        configBytes,
        table == null ? 0 : bytes(table),
        a == null ? 0 : bytes(a),
        configBytes > 1 << 20 || (table != null && bytes(table) > 1 << 20));
  }

  /**
   * Baselines of publishing: serializing the published document alone, and writing and reading back
   * a ConfigMap of the same size in the same API server.
   */
  private void publishBaselines() throws Exception {
    ConfigMap cm =
        client.configMaps().inNamespace(NS).withName(ObjectNames.decisionConfig(HUB)).get();
    byte[] json = cm.getData().get("decision-config.json").getBytes(StandardCharsets.UTF_8);
    DecisionConfig doc = DecisionConfigJson.parse(json);
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long t = System.nanoTime();
      byte[] out = DecisionConfigJson.write(doc);
      best = Math.min(best, System.nanoTime() - t);
      check(out.length > 0, "empty document");
    }
    report("baseline=serialize-document seconds=%.3f bytes=%d", best / 1e9, json.length);
    best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      ConfigMap copy =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withNamespace(BASE_NS)
              .withName("same-size-" + i)
              .endMetadata()
              .withData(cm.getData())
              .build();
      long t = System.nanoTime();
      client.resource(copy).create();
      ConfigMap back = client.configMaps().inNamespace(BASE_NS).withName("same-size-" + i).get();
      best = Math.min(best, System.nanoTime() - t);
      check(back != null, "same-size ConfigMap not read back");
    }
    report("baseline=write-same-size-configmap seconds=%.3f", best / 1e9);
  }

  private int routesInConfigOrMinus() {
    try {
      return routesInConfig();
    } catch (Exception e) {
      return -1;
    }
  }

  private int routesInConfig() throws Exception {
    ConfigMap cm =
        client.configMaps().inNamespace(NS).withName(ObjectNames.decisionConfig(HUB)).get();
    if (cm == null || cm.getData() == null || cm.getData().get("decision-config.json") == null) {
      return -1;
    }
    DecisionConfig doc =
        DecisionConfigJson.parse(
            cm.getData().get("decision-config.json").getBytes(StandardCharsets.UTF_8));
    return doc.hubs().get(0).domains().stream().mapToInt(d -> d.routes().size()).sum();
  }

  private long lastProgress;

  private void progress(long t0, long ready, long propagated, long tabled, int n) {
    long now = System.nanoTime();
    if (now - lastProgress > 10_000_000_000L) {
      lastProgress = now;
      report(
          "progress seconds=%.0f ready=%d routesInStatus=%d routeTables=%d of=%d heapUsedMiB=%d",
          (now - t0) / 1e9,
          ready,
          propagated,
          tabled,
          n,
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
    }
  }

  interface Check {
    boolean done() throws Exception;
  }

  private static boolean waitFor(String what, long timeoutNanos, Check check) throws Exception {
    long deadline = System.nanoTime() + timeoutNanos;
    while (System.nanoTime() < deadline) {
      try {
        if (check.done()) {
          return true;
        }
      } catch (RuntimeException e) {
        // not there yet (a document being replaced); look again
      }
      Thread.sleep(250);
    }
    report("timeout waiting for %s", what);
    return false;
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(
      java.util.function.Consumer<T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        onChange.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  private void namespaces(String... names) {
    for (String n : names) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
          .createOr(c -> c.update());
    }
  }

  private static HubAttachment copy(HubAttachment a) {
    return io.fabric8.kubernetes.client.utils.Serialization.clone(a);
  }

  private static long bytes(HasMetadata o) {
    return io.fabric8.kubernetes.client.utils.Serialization.asJson(o)
        .getBytes(StandardCharsets.UTF_8)
        .length;
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String name(int i) {
    return String.format("net-%05d", i);
  }

  /** The {@code i}-th /24 of 10.0.0.0/8. */
  private static String slash24(int i) {
    return "10." + (i >> 8 & 255) + "." + (i & 255) + ".0/24";
  }

  /**
   * The {@code i}-th of every other /26 of 10.0.0.0/8: with gaps between them, so that no two of an
   * attachment's prefixes merge into a shorter one (the operator coalesces what it advertises).
   */
  private static String slash26(int i) {
    int addr = i << 7;
    return "10." + (addr >> 16 & 255) + "." + (addr >> 8 & 255) + "." + (addr & 255) + "/26";
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }

  private static void report(String format, Object... args) {
    System.out.println("BENCH " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
