package io.vth.dataplane;

import io.vertx.core.Vertx;
import io.vth.pod.PodOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the decision pods are: a fixed list ({@code --decision-pods}), or a DNS name resolved again
 * every few seconds ({@code --decision-service}, a headless Service in Kubernetes).
 */
final class DecisionDiscovery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionDiscovery.class);
  static final int DEFAULT_PORT = 4791;
  private static final long RESOLVE_MILLIS = 5_000;

  private final Vertx vertx;
  private final DecisionPeers peers;
  private final List<InetSocketAddress> fixed;
  private final String service;
  private long timer = -1;

  private DecisionDiscovery(
      Vertx vertx, DecisionPeers peers, List<InetSocketAddress> fixed, String service) {
    this.vertx = vertx;
    this.peers = peers;
    this.fixed = fixed;
    this.service = service;
  }

  static DecisionDiscovery of(PodOptions options, Vertx vertx, DecisionPeers peers) {
    if (options.has("decision-pods") == options.has("decision-service")) {
      throw new IllegalArgumentException(
          "give exactly one of --decision-pods HOST:PORT,... or --decision-service NAME");
    }
    if (options.has("decision-service")) {
      return new DecisionDiscovery(vertx, peers, List.of(), options.get("decision-service", ""));
    }
    List<InetSocketAddress> list = new ArrayList<>();
    for (String item : options.get("decision-pods", "").split(",")) {
      list.add(parse(item.trim()));
    }
    return new DecisionDiscovery(vertx, peers, List.copyOf(list), null);
  }

  static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      int port = colon < 0 ? DEFAULT_PORT : Integer.parseInt(hostPort.substring(colon + 1));
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--decision-pods: \"" + hostPort + "\" is not of the form host:port");
    }
  }

  void start() {
    if (service == null) {
      peers.setAddresses(fixed);
      return;
    }
    resolve();
    timer = vertx.setPeriodic(RESOLVE_MILLIS, id -> vertx.executeBlocking(this::resolve, false));
  }

  private boolean resolve() {
    try {
      List<InetSocketAddress> found = new ArrayList<>();
      for (InetAddress a : InetAddress.getAllByName(service)) {
        found.add(new InetSocketAddress(a, DEFAULT_PORT));
      }
      peers.setAddresses(found);
      return true;
    } catch (UnknownHostException e) {
      LOG.warn("decision service {} does not resolve yet: {}", service, e.getMessage());
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
