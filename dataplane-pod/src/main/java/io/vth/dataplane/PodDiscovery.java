package io.vth.dataplane;

import io.vertx.core.Vertx;
import io.vth.pod.PodOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where other pods of the cell are: a fixed list ({@code --<kind>-pods HOST:PORT,...}), or a DNS
 * name resolved again every few seconds ({@code --<kind>-service NAME}, a headless Service in
 * Kubernetes). Dataplane pods find the decision pods this way, and the other dataplane pods.
 */
final class PodDiscovery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PodDiscovery.class);
  static final int DECISION_PORT = 4791;
  static final int PEER_PORT = 4792;
  private static final long RESOLVE_MILLIS = 5_000;

  private final Vertx vertx;
  private final Consumer<List<InetSocketAddress>> target;
  private final List<InetSocketAddress> fixed;
  private final String service;
  private final int port;
  private long timer = -1;

  private PodDiscovery(
      Vertx vertx,
      Consumer<List<InetSocketAddress>> target,
      List<InetSocketAddress> fixed,
      String service,
      int port) {
    this.vertx = vertx;
    this.target = target;
    this.fixed = fixed;
    this.service = service;
    this.port = port;
  }

  /**
   * The decision pods, from exactly one of {@code --decision-pods} and {@code --decision-service}.
   */
  static PodDiscovery decisionPods(PodOptions options, Vertx vertx, DecisionPeers peers) {
    if (options.has("decision-pods") == options.has("decision-service")) {
      throw new IllegalArgumentException(
          "give exactly one of --decision-pods HOST:PORT,... or --decision-service NAME");
    }
    return of("decision", options, vertx, peers::setAddresses, DECISION_PORT);
  }

  /**
   * The other dataplane pods, from {@code --peer-pods} or {@code --peer-service} (port {@code
   * --peer-port}); null when neither is given (a pod that serves its attachments alone).
   */
  static PodDiscovery peerPods(
      PodOptions options, Vertx vertx, Consumer<List<InetSocketAddress>> target) {
    if (options.has("peer-pods") && options.has("peer-service")) {
      throw new IllegalArgumentException(
          "give at most one of --peer-pods HOST:PORT,... or --peer-service NAME");
    }
    if (!options.has("peer-pods") && !options.has("peer-service")) {
      return null;
    }
    return of("peer", options, vertx, target, options.getInt("peer-port", PEER_PORT));
  }

  private static PodDiscovery of(
      String kind,
      PodOptions options,
      Vertx vertx,
      Consumer<List<InetSocketAddress>> target,
      int port) {
    if (options.has(kind + "-service")) {
      return new PodDiscovery(vertx, target, List.of(), options.get(kind + "-service", ""), port);
    }
    List<InetSocketAddress> list = new ArrayList<>();
    for (String item : options.get(kind + "-pods", "").split(",")) {
      list.add(parse("--" + kind + "-pods", item.trim(), port));
    }
    return new PodDiscovery(vertx, target, List.copyOf(list), null, port);
  }

  static InetSocketAddress parse(String option, String hostPort, int defaultPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      int port = colon < 0 ? defaultPort : Integer.parseInt(hostPort.substring(colon + 1));
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + ": \"" + hostPort + "\" is not of the form host:port");
    }
  }

  void start() {
    if (service == null) {
      target.accept(fixed);
      return;
    }
    resolve();
    timer = vertx.setPeriodic(RESOLVE_MILLIS, id -> vertx.executeBlocking(this::resolve, false));
  }

  private boolean resolve() {
    try {
      List<InetSocketAddress> found = new ArrayList<>();
      for (InetAddress a : InetAddress.getAllByName(service)) {
        found.add(new InetSocketAddress(a, port));
      }
      target.accept(found);
      return true;
    } catch (UnknownHostException e) {
      LOG.warn("service {} does not resolve yet: {}", service, e.getMessage());
      return false;
    }
  }

  String describe() {
    return service != null ? "service " + service : fixed.toString();
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
