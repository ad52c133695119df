package io.vth.pod;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The HTTP endpoints of a pod: {@code /healthz}, {@code /readyz} and {@code /metrics}. */
public final class PodHttpServer {

  private final Vertx vertx;
  private final PodMetrics metrics;
  private final BooleanSupplier ready;
  private final Supplier<String> readinessDetail;
  private HttpServer server;

  /**
   * A server that reports live while the process runs, ready when {@code ready} says so (with
   * {@code readinessDetail} explaining why not), and the metrics of {@code metrics}.
   */
  public PodHttpServer(
      Vertx vertx, PodMetrics metrics, BooleanSupplier ready, Supplier<String> readinessDetail) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.ready = ready;
    this.readinessDetail = readinessDetail;
  }

  /** Starts listening on {@code host:port} (port 0 picks a free one); completes with the port. */
  public Future<Integer> start(String host, int port) {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                req -> {
                  switch (req.path()) {
                    case "/healthz" -> req.response().end("ok\n");
                    case "/readyz" -> {
                      boolean ok = ready.getAsBoolean();
                      req.response()
                          .setStatusCode(ok ? 200 : 503)
                          .end(ok ? "ready\n" : "not ready: " + readinessDetail.get() + "\n");
                    }
                    case "/metrics" ->
                        req.response()
                            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                            .end(metrics.scrape());
                    default -> req.response().setStatusCode(404).end("not found\n");
                  }
                });
    return server.listen(port, host).map(HttpServer::actualPort);
  }

  /** Stops listening. */
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
