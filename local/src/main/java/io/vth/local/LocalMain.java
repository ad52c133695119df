package io.vth.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Local mode: {@code up [--once] [--networks] EXAMPLE_DIR} runs vth on this machine without a
 * cluster: an embedded Kubernetes API, the operator, the cell's pods as local processes, the
 * example's manifests, and optionally the example's networks as network namespaces.
 */
public final class LocalMain {

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar local/target/vth-local.jar up [options] EXAMPLE_DIR",
          "",
          "Runs vth without a cluster: an embedded Kubernetes API on loopback, the operator, the cell's",
          "decision and dataplane pods as local processes, and the manifests of EXAMPLE_DIR (every",
          ".yaml/.yml file in it, sorted). Ctrl-C stops everything.",
          "",
          "options:",
          "  --once            start, print the summary (and the traffic check), stop; exit 0 only when",
          "                    every hub and attachment is as the example expects (Ready unless an",
          "                    attachment is annotated vth.io/expect-ready: \"false\")",
          "  --networks        (root) create each attachment's network as a network namespace tunnelled",
          "                    to the hub by kernel VXLAN, and ping between them",
          "  --timeout SEC     how long to wait for Ready (default 180)",
          "  --home DIR        the vth checkout holding the built jars (default: found from this jar)",
          "  --run-dir DIR     where the kubeconfig and the logs go (default: a new temporary folder)");

  private final PrintStream out;
  private final List<AutoCloseable> toClose = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  LocalMain(PrintStream out) {
    this.out = out;
  }

  /** Parsed command line. */
  record Options(
      boolean once, boolean networks, int timeoutSeconds, Path home, Path runDir, Path example) {

    static Options parse(String[] args) {
      if (args.length == 0 || !args[0].equals("up")) {
        throw new IllegalArgumentException(
            args.length == 0 ? "no command given" : "unknown command \"" + args[0] + "\"");
      }
      boolean once = false;
      boolean networks = false;
      int timeout = 180;
      Path home = null;
      Path runDir = null;
      Path example = null;
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--once", "--check" -> once = true;
          case "--networks" -> networks = true;
          case "--timeout" -> {
            String v = value(args, ++i, a);
            try {
              timeout = Integer.parseInt(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--timeout: \"" + v + "\" is not a whole number");
            }
          }
          case "--home" -> home = Path.of(value(args, ++i, a));
          case "--run-dir" -> runDir = Path.of(value(args, ++i, a));
          default -> {
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option \"" + a + "\"");
            }
            if (example != null) {
              throw new IllegalArgumentException(
                  "one EXAMPLE_DIR only, got \"" + example + "\" and \"" + a + "\"");
            }
            example = Path.of(a);
          }
        }
      }
      if (example == null) {
        throw new IllegalArgumentException("no EXAMPLE_DIR given");
      }
      if (!Files.isDirectory(example)) {
        throw new IllegalArgumentException("EXAMPLE_DIR: \"" + example + "\" is not a folder");
      }
      return new Options(once, networks, timeout, home, runDir, example);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }

  public static void main(String[] args) {
    // progress lines are the console output; library chatter stays out of it
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils",
        "error");
    System.setProperty("org.slf4j.simpleLogger.log.io.vertx.core.impl.BlockedThreadChecker", "off");
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("vth-local: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    LocalMain main = new LocalMain(System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(main::close, "vth-local-stop"));
    int code;
    try {
      code = main.up(o);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("vth-local: " + e.getMessage());
      code = 2;
    } catch (Exception e) {
      System.err.println("vth-local: failed: " + e);
      e.printStackTrace();
      code = 1;
    }
    main.close();
    System.exit(code);
  }

  void progress(String line) {
    out.println("==> " + line);
    out.flush();
  }

  int up(Options o) throws Exception {
    if (o.networks()) {
      Optional<String> problem = LocalNetworks.platformProblem();
      if (problem.isPresent()) {
        throw new IllegalArgumentException(problem.get());
      }
    }
    Home home = Home.find(o.home());
    List<Path> manifests = yamlFiles(o.example());
    if (manifests.isEmpty()) {
      throw new IllegalArgumentException(
          "EXAMPLE_DIR: \"" + o.example() + "\" holds no .yaml or .yml file");
    }
    Path runDir =
        o.runDir() != null
            ? Files.createDirectories(o.runDir())
            : Files.createTempDirectory("vth-local-");
    Path logs = Files.createDirectories(runDir.resolve("logs"));
    progress("run directory " + runDir + " (kubeconfig, logs/)");

    progress("starting the embedded Kubernetes API");
    EmbeddedApiServer api = EmbeddedApiServer.start();
    toClose.add(api);
    Path kubeconfig = api.writeKubeconfig(runDir.resolve("kubeconfig"));
    KubernetesClient client = api.client();
    toClose.add(client);
    progress("Kubernetes API at " + api.url() + ", kubeconfig " + kubeconfig);

    progress("applying the CRDs from " + home.crds());
    for (Path crd : home.crdFiles()) {
      apply(client, crd);
    }

    progress("starting the operator (log: " + logs.resolve("operator.log") + ")");
    Process operator = startOperator(home, api, kubeconfig, logs.resolve("operator.log"));

    LocalKubelet kubelet = new LocalKubelet(client, home, kubeconfig, logs, this::progress);
    toClose.add(kubelet);
    kubelet.start();

    progress("applying " + manifests.size() + " manifest file(s) from " + o.example());
    for (Path m : manifests) {
      apply(client, m);
    }

    Summary summary = new Summary(client, kubelet);
    long deadline = System.nanoTime() + Duration.ofSeconds(o.timeoutSeconds()).toNanos();
    Optional<String> waiting = summary.notYet();
    String last = null;
    while (waiting.isPresent() && System.nanoTime() < deadline) {
      if (!operator.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with "
                + operator.exitValue()
                + "; see "
                + logs.resolve("operator.log"));
      }
      String line = "waiting: " + waiting.get() + "; pods: " + kubelet.describe();
      if (!line.equals(last)) {
        progress(line);
        last = line;
      }
      Thread.sleep(500);
      waiting = summary.notYet();
    }
    boolean ok = waiting.isEmpty();
    if (ok) {
      progress("everything the example expects is Ready");
    } else {
      progress("not ready after " + o.timeoutSeconds() + " s: " + waiting.get());
    }
    out.println();
    out.println(summary.render());

    if (o.networks() && ok) {
      ok = networks(client, summary, deadline);
    }
    if (o.once()) {
      progress(ok ? "check passed" : "check FAILED");
      return ok ? 0 : 1;
    }
    progress("running; logs in " + logs + "; press Ctrl-C to stop everything");
    new CountDownLatch(1).await();
    return 0;
  }

  private boolean networks(KubernetesClient client, Summary summary, long deadline)
      throws InterruptedException {
    progress("creating the example's networks as network namespaces");
    LocalNetworks networks = new LocalNetworks();
    toClose.add(networks);
    networks.create(client, summary, summary.attachments(), this::progress);
    progress("waiting for the hub to publish the networks' tunnel endpoints");
    long publishDeadline = Math.max(deadline, System.nanoTime() + Duration.ofSeconds(60).toNanos());
    while (!networks.configPublished(client) && System.nanoTime() < publishDeadline) {
      Thread.sleep(300);
    }
    progress("traffic check: pinging every network's host from every other network");
    List<LocalNetworks.Probe> probes =
        networks.check(System.nanoTime() + Duration.ofSeconds(30).toNanos());
    out.println();
    for (LocalNetworks.Probe p : probes) {
      out.println("  " + p.line());
    }
    out.println();
    boolean ok = !probes.isEmpty() && probes.stream().allMatch(LocalNetworks.Probe::asExpected);
    progress(
        ok
            ? "traffic check: every ping went as the routes say"
            : probes.isEmpty()
                ? "traffic check: no pair of networks to ping"
                : "traffic check: some pings did not go as the routes say");
    return ok;
  }

  private Process startOperator(Home home, EmbeddedApiServer api, Path kubeconfig, Path log)
      throws Exception {
    int port = LocalKubelet.freeTcpPort();
    Map<String, String> env =
        Map.of(
            "KUBECONFIG", kubeconfig.toString(),
            "QUARKUS_HTTP_PORT", Integer.toString(port),
            "QUARKUS_HTTP_HOST", "127.0.0.1");
    Process p =
        ChildProcesses.start(
            List.of(
                ChildProcesses.javaBin(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                home.operatorJar().toString()),
            env,
            log,
            home.root());
    toClose.add(() -> ChildProcesses.stop(p, 10_000));
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with " + p.exitValue() + " while starting; see " + log);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          progress("operator ready (http 127.0.0.1:" + port + ")");
          return p;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("the operator did not become ready in 120 s; see " + log);
  }

  private void apply(KubernetesClient client, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata item : client.load(in).items()) {
        try {
          client.resource(item).createOr(NonDeletingOperation::update);
        } catch (KubernetesClientException e) {
          throw new IllegalStateException(
              file
                  + ": "
                  + item.getKind()
                  + " "
                  + item.getMetadata().getName()
                  + " was refused: "
                  + e.getMessage(),
              e);
        }
      }
    }
  }

  static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".yaml") || n.endsWith(".yml");
              })
          .sorted()
          .toList();
    }
  }

  /**
   * Stops everything started: the pods first (so none is restarted while the rest stops; on Ctrl-C
   * they get the signal too), then the networks, then the rest, last started first. Idempotent.
   */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AutoCloseable> order = new ArrayList<>();
    toClose.stream().filter(c -> c instanceof LocalKubelet).forEach(order::add);
    toClose.stream().filter(c -> c instanceof LocalNetworks).forEach(order::add);
    List<AutoCloseable> rest = new ArrayList<>(toClose);
    rest.removeAll(order);
    java.util.Collections.reverse(rest);
    order.addAll(rest);
    for (AutoCloseable c : order) {
      closeQuietly(c);
    }
  }

  private void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("vth-local: while stopping: " + e);
    }
  }
}
