package io.vth.dataplane;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Vertx;
import io.vth.core.flow.FlowKey;
import io.vth.pod.CellKeySource;
import io.vth.pod.ConfigHolder;
import io.vth.pod.ConfigSource;
import io.vth.pod.PodHttpServer;
import io.vth.pod.PodLauncher;
import io.vth.pod.PodMetrics;
import io.vth.pod.PodOptions;
import io.vth.pod.UdpChannels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataplane pod: VXLAN in and out on Netty's epoll transport, one worker per event loop, and
 * {@code /healthz}, {@code /readyz}, {@code /metrics} over HTTP.
 *
 * <p>Options (each also as {@code VTH_<NAME>}): {@code --config-file PATH} or {@code --configmap
 * NAMESPACE/NAME}; {@code --decision-pods HOST:PORT,...} or {@code --decision-service NAME} (DNS,
 * port 4791); the other dataplane pods of the cell, to share learned neighbours with, as {@code
 * --peer-pods HOST:PORT,...} or {@code --peer-service NAME} (DNS, port {@code --peer-port}, 4792),
 * none by default; {@code --cell-key-file} (the cell's keys; without it the pod-to-pod protocol is
 * unauthenticated); {@code --cell}, {@code --pod-name}, {@code --bind} (0.0.0.0), {@code
 * --vxlan-port} (4789), {@code --http-port} (8080), {@code --workers} (1), {@code --egress-ports}
 * (4), {@code --cache-size} (262144 flows per worker), {@code --tunnel-mtu} (1500: the MTU of the
 * path to the networks' tunnel endpoints; a DF packet larger than it minus 50 bytes is answered
 * with ICMP fragmentation needed).
 */
public final class DataplanePodMain implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DataplanePodMain.class);
  private static final long NEIGHBOR_SWEEP_MILLIS = 10_000;

  private final PodMetrics metrics = new PodMetrics();
  private final Vertx vertx = metrics.newVertx();
  private final ConfigHolder config = new ConfigHolder();
  private final DataplaneState state;
  private final ConfigSource source;
  private final PodDiscovery discovery;
  private final CellKeySource keys;
  private final NeighborSharing sharing;
  private final PodDiscovery peerDiscovery;
  private final EventLoopGroup group;
  private final List<WorkerLoop> workers = new ArrayList<>();
  private final PodHttpServer http;
  private int httpPort;
  private long neighborSweep = -1;

  /** A pod configured by {@code options}; {@link #start} runs it. */
  public DataplanePodMain(PodOptions options) {
    state = new DataplaneState(PodLauncher.identity(options));
    state.setTunnelMtu(options.getInt("tunnel-mtu", DataplaneState.DEFAULT_TUNNEL_MTU));
    source = PodLauncher.configSource(options, vertx, metrics);
    discovery = PodDiscovery.decisionPods(options, vertx, state.peers());
    keys = CellKeySource.of(options, vertx);
    sharing =
        new NeighborSharing(
            state, options.getInt("peer-port", PodDiscovery.PEER_PORT), keys.newSeal());
    peerDiscovery = PodDiscovery.peerPods(options, vertx, sharing::setPeers);
    int n = options.getInt("workers", 1);
    group = UdpChannels.newGroup(n, "vth-worker");
    int cacheSize = options.getInt("cache-size", 262_144);
    for (int i = 0; i < n; i++) {
      workers.add(new WorkerLoop(group.next(), state, cacheSize, keys.newSeal()));
    }
    if (n > 1) {
      for (WorkerLoop w : workers) {
        w.worker().setHandoff(new HashHandoff(w));
      }
    }
    config.onChange(state::accept);
    http = new PodHttpServer(vertx, metrics, this::ready, this::notReadyBecause);
    registerMetrics(metrics.registry());
  }

  /** Owns the flows whose hash maps to this worker; passes the others to theirs. */
  private final class HashHandoff implements PacketWorker.Handoff {
    private final WorkerLoop self;

    HashHandoff(WorkerLoop self) {
      this.self = self;
    }

    @Override
    public boolean owns(long flowHash) {
      return workers.get(indexOf(flowHash)) == self;
    }

    @Override
    public void pass(FlowKey key, byte[] ip, int length) {
      workers.get(indexOf(key.hash64())).pass(key, ip, length);
    }

    private int indexOf(long flowHash) {
      return (int) ((flowHash >>> 40) % workers.size());
    }
  }

  /** Binds the sockets, starts probing the decision pods and reading the config. */
  public DataplanePodMain start(PodOptions options) throws Exception {
    String bind = options.get("bind", "0.0.0.0");
    int vxlanPort = options.getInt("vxlan-port", 4789);
    int egressPorts = options.getInt("egress-ports", 4);
    keys.start(metrics.registry());
    for (WorkerLoop w : workers) {
      w.bind(bind, vxlanPort, egressPorts);
      vxlanPort = w.vxlanPort();
    }
    workers.get(0).probeEvery(500);
    neighborSweep = vertx.setPeriodic(NEIGHBOR_SWEEP_MILLIS, id -> state.neighbors().expire());
    discovery.start();
    if (peerDiscovery != null) {
      sharing.start(workers.get(0).loop(), bind);
      state.shareNeighborsWith(sharing);
      peerDiscovery.start();
    }
    source.start(config);
    httpPort =
        http.start(bind, options.getInt("http-port", 8080))
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    LOG.info(
        "dataplane pod {} of cell {}: vxlan udp {}, {} worker(s), http {}, config from {},"
            + " decision pods {} ({}), {}",
        state.identity().podName(),
        state.identity().cell(),
        vxlanPort,
        workers.size(),
        httpPort,
        source.describe(),
        discovery.describe(),
        keys.describe(),
        peerDiscovery == null
            ? "no peer dataplane pods"
            : "neighbours shared on udp " + sharing.port() + " with " + peerDiscovery.describe());
    return this;
  }

  private boolean ready() {
    return state.segments().generation() >= 0 && state.peers().aliveCount(System.nanoTime()) > 0;
  }

  private String notReadyBecause() {
    if (state.segments().generation() < 0) {
      return "no decision config yet from " + source.describe();
    }
    return "no decision pod answers (" + discovery.describe() + ")";
  }

  /** The bound VXLAN port. */
  public int vxlanPort() {
    return workers.get(0).vxlanPort();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return httpPort;
  }

  /** The bound control port of each worker, where decision pods answer. */
  public List<Integer> controlPorts() {
    return workers.stream().map(WorkerLoop::controlPort).toList();
  }

  /** The bound peer port for neighbour sharing, or -1 without peers. */
  public int peerPort() {
    return peerDiscovery == null ? -1 : sharing.port();
  }

  /** What this pod shares with its peers (for tests). */
  NeighborSharing sharing() {
    return sharing;
  }

  /** The pod's shared state (for tests and the local runtime). */
  public DataplaneState state() {
    return state;
  }

  /** The sum of one counter over every worker. */
  public long total(ToDoubleFunction<WorkerStats> counter) {
    double sum = 0;
    for (WorkerLoop w : workers) {
      sum += counter.applyAsDouble(w.worker().stats());
    }
    return (long) sum;
  }

  private void registerMetrics(MeterRegistry registry) {
    counter(
        registry,
        "vth_packets_received_total",
        "Packets received from attachments",
        s -> s.packetsReceived);
    counter(
        registry,
        "vth_bytes_received_total",
        "Bytes received from attachments",
        s -> s.bytesReceived);
    counter(
        registry,
        "vth_packets_forwarded_total",
        "Packets forwarded to attachments",
        s -> s.packetsForwarded);
    counter(
        registry,
        "vth_bytes_forwarded_total",
        "Inner bytes forwarded to attachments",
        s -> s.bytesForwarded);
    counter(
        registry,
        "vth_action_cache_hits_total",
        "Flow lookups that found a current action",
        s -> s.cacheHits);
    counter(
        registry,
        "vth_action_cache_misses_total",
        "Flow lookups that asked a decision pod",
        s -> s.cacheMisses);
    counter(
        registry,
        "vth_action_queries_total",
        "Action queries sent, retries included",
        s -> s.queriesSent);
    counter(
        registry,
        "vth_action_query_retries_total",
        "Action queries retried on another pod",
        s -> s.queryRetries);
    counter(
        registry,
        "vth_worker_handoffs_total",
        "Packets passed to the worker owning their flow",
        s -> s.handoffs);
    counter(
        registry,
        "vth_control_messages_ignored_total",
        "Authentic decision-pod messages not acted on: undecodable, from no known decision pod,"
            + " or answering no outstanding query",
        s -> s.controlRejected);
    for (DropCause cause : DropCause.values()) {
      FunctionCounter.builder(
              "vth_packets_dropped_total", this, p -> p.total(s -> s.dropped(cause)))
          .description("Packets dropped, by reason")
          .tag("reason", cause.label())
          .register(registry);
    }
    for (NeighborSharing.Event event : NeighborSharing.Event.values()) {
      FunctionCounter.builder("vth_neighbor_shares_total", sharing, s -> s.count(event))
          .description(
              "Neighbour entries shared with and taken from the cell's other dataplane pods,"
                  + " by event")
          .tag("event", event.label())
          .register(registry);
    }
    FunctionCounter.builder(
            "vth_action_cache_refused_total",
            this,
            p -> p.workers.stream().mapToLong(w -> w.worker().cache.refusedInserts()).sum())
        .description(
            "Actions not cached: their attachment held its quarter of the cache and no old entry of"
                + " its own could make room")
        .register(registry);
    NeighborTable neighbors = state.neighbors();
    Gauge.builder("vth_neighbor_entries", neighbors, NeighborTable::size)
        .description("Neighbour entries learned on the attachments' segments")
        .register(registry);
    for (NeighborTable.Refusal reason : NeighborTable.Refusal.values()) {
      FunctionCounter.builder("vth_neighbor_refused_total", neighbors, t -> t.refused(reason))
          .description(
              "Neighbour entries not taken: attachment or table full, or a MAC changing too often")
          .tag("reason", reason.label())
          .register(registry);
    }
    FunctionCounter.builder("vth_neighbor_expired_total", neighbors, NeighborTable::expired)
        .description("Neighbour entries removed after 30 minutes without hearing from them")
        .register(registry);
    DnsService dns = state.dns();
    for (DnsService.Result result : DnsService.Result.values()) {
      FunctionCounter.builder("vth_dns_queries_total", dns, d -> d.count(result))
          .description("DNS queries to the hub's gateway resolver, by result")
          .tag("result", result.label())
          .register(registry);
    }
    for (DnsService.Drop reason : DnsService.Drop.values()) {
      FunctionCounter.builder("vth_dns_dropped_total", dns, d -> d.dropped(reason))
          .description("DNS messages dropped by the hub's gateway resolver, by reason")
          .tag("reason", reason.label())
          .register(registry);
    }
    Gauge.builder("vth_dns_pending_queries", dns, DnsService::pendingCount)
        .description("Forwarded DNS queries waiting for an answer")
        .register(registry);
    for (DnsTcp.Event event : DnsTcp.Event.values()) {
      FunctionCounter.builder("vth_dns_tcp_connections_total", dns, d -> d.tcpCount(event))
          .description(
              "DNS-over-TCP connections to the hub's gateways, by event (accepted, closed, reset, ...)")
          .tag("event", event.label())
          .register(registry);
    }
    Gauge.builder("vth_dns_tcp_open_connections", dns, DnsService::tcpOpen)
        .description("Open DNS-over-TCP connections to the hub's gateways")
        .register(registry);
    Gauge.builder("vth_config_attachments_skipped", config, c -> c.skipped().size())
        .description("Attachments of the current config this pod cannot serve (see its log)")
        .register(registry);
    Gauge.builder("vth_config_generation", state, s -> s.segments().generation())
        .description("Generation of the decision config in use")
        .register(registry);
  }

  private void counter(
      MeterRegistry registry, String name, String help, ToDoubleFunction<WorkerStats> f) {
    FunctionCounter.builder(name, this, p -> p.total(f)).description(help).register(registry);
  }

  /** The cell's keys this pod signs and checks with. */
  public CellKeySource cellKeys() {
    return keys;
  }

  @Override
  public void close() {
    if (neighborSweep >= 0) {
      vertx.cancelTimer(neighborSweep);
    }
    source.close();
    discovery.close();
    keys.close();
    if (peerDiscovery != null) {
      peerDiscovery.close();
    }
    sharing.close();
    for (WorkerLoop w : workers) {
      w.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    http.stop();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /** Runs a dataplane pod until the process is stopped. */
  public static void main(String[] args) throws Exception {
    PodOptions options = PodOptions.parse(args, System.getenv());
    DataplanePodMain pod =
        PodLauncher.startOrExit(() -> new DataplanePodMain(options).start(options), LOG);
    PodLauncher.runUntilStopped(pod, LOG);
  }
}
