package io.vth.pod;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;

/**
 * The Prometheus registry of a pod, and a Vert.x instance reporting into it.
 *
 * <p>The registry is created here rather than through {@code VertxPrometheusOptions}, which fails
 * with Micrometer 1.16 on this stack.
 */
public final class PodMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** The registry that pod components register their meters in. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A Vert.x instance on the native transport whose own metrics go into the registry. */
  public Vertx newVertx() {
    return Vertx.builder()
        .with(new VertxOptions().setPreferNativeTransport(true))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }
}
