package io.vth.decision;

import io.micrometer.core.instrument.Gauge;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import io.vth.pod.CellKeySource;
import io.vth.pod.ConfigHolder;
import io.vth.pod.ConfigSource;
import io.vth.pod.PodHttpServer;
import io.vth.pod.PodIdentity;
import io.vth.pod.PodLauncher;
import io.vth.pod.PodMetrics;
import io.vth.pod.PodOptions;
import io.vth.pod.UdpChannels;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision pod: reads the decision config, answers action queries over UDP, and serves {@code
 * /healthz}, {@code /readyz} and {@code /metrics}.
 *
 * <p>Options (each also as {@code VTH_<NAME>}): {@code --config-file PATH} or {@code --configmap
 * NAMESPACE/NAME}, {@code --cell}, {@code --pod-name}, {@code --bind} (default 0.0.0.0), {@code
 * --udp-port} (4791), {@code --http-port} (8080), {@code --cell-key-file} (the cell's keys; without
 * it the pod-to-pod protocol is unauthenticated).
 */
public final class DecisionPodMain implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionPodMain.class);

  /** The default UDP port of action queries. */
  public static final int DEFAULT_UDP_PORT = 4791;

  private final PodMetrics metrics = new PodMetrics();
  private final Vertx vertx = metrics.newVertx();
  private final ConfigHolder config = new ConfigHolder();
  private final DecisionService service = new DecisionService(metrics.registry());
  private final PodIdentity identity;
  private final ConfigSource source;
  private final CellKeySource keys;
  private final DecisionServer server;
  private final EventLoopGroup group = UdpChannels.newGroup(1, "vth-decision");
  private final PodHttpServer http;
  private int udpPort;
  private int httpPort;

  /** A pod configured by {@code options}; {@link #start} runs it. */
  public DecisionPodMain(PodOptions options) {
    this(options, null);
  }

  /**
   * A pod that reads its config from {@code source} rather than from the options (for embedding it:
   * tests, a local runtime); a null source means the options say where.
   */
  public DecisionPodMain(PodOptions options, ConfigSource source) {
    identity = PodLauncher.identity(options);
    this.source = source != null ? source : PodLauncher.configSource(options, vertx, metrics);
    keys = CellKeySource.of(options, vertx);
    server = new DecisionServer(service, identity, keys, metrics.registry());
    http =
        new PodHttpServer(
            vertx,
            metrics,
            service::hasConfig,
            () -> "no decision config yet from " + this.source.describe());
    Gauge.builder("vth_config_attachments_skipped", config, c -> c.skipped().size())
        .description("Attachments of the current config this pod cannot serve (see its log)")
        .register(metrics.registry());
    Gauge.builder("vth_config_generation", service, DecisionService::generation)
        .description("Generation of the decision config in use")
        .register(metrics.registry());
    config.onChange(
        c -> {
          if (service.accept(c)) {
            server.announce(c.generation());
          }
        });
  }

  /** Starts serving; returns once the sockets are bound. */
  public DecisionPodMain start(PodOptions options) throws Exception {
    String bind = options.get("bind", "0.0.0.0");
    keys.start(metrics.registry());
    udpPort =
        server.bind(
            group, new InetSocketAddress(bind, options.getInt("udp-port", DEFAULT_UDP_PORT)));
    httpPort =
        http.start(bind, options.getInt("http-port", 8080))
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    source.start(config);
    LOG.info(
        "decision pod {} of cell {} serving queries on udp {} ({}) and http {}, config from {}",
        identity.podName(),
        identity.cell(),
        udpPort,
        keys.describe(),
        httpPort,
        source.describe());
    return this;
  }

  /** The bound UDP port of action queries. */
  public int udpPort() {
    return udpPort;
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return httpPort;
  }

  /** The generation in use. */
  public long generation() {
    return service.generation();
  }

  /** The cell's keys this pod signs and checks with. */
  public CellKeySource cellKeys() {
    return keys;
  }

  @Override
  public void close() {
    source.close();
    keys.close();
    server.close();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    http.stop();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** Runs a decision pod until the process is stopped. */
  public static void main(String[] args) throws Exception {
    PodOptions options = PodOptions.parse(args, System.getenv());
    DecisionPodMain pod =
        PodLauncher.startOrExit(() -> new DecisionPodMain(options).start(options), LOG);
    PodLauncher.runUntilStopped(pod, LOG);
  }
}
