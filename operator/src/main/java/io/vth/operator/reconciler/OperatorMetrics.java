package io.vth.operator.reconciler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own Prometheus metrics, next to the reconciliation metrics the Operator SDK
 * records: published config generations, publications, attachments by state.
 */
@ApplicationScoped
public class OperatorMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Hub {@code hub} published config {@code generation}. */
  public void published(String hub, long generation) {
    Counter.builder("vth_operator_config_publications_total")
        .description("Decision config documents published")
        .tags(Tags.of("hub", hub))
        .register(registry)
        .increment();
    gauge(
            "vth_operator_config_generation",
            "Generation of the published decision config",
            hub,
            null)
        .set(generation);
  }

  /** Hub {@code hub} has {@code connected} connected and {@code rejected} refused attachments. */
  public void attachments(String hub, int connected, int rejected) {
    gauge("vth_operator_attachments", "Attachments of a hub by state", hub, "connected")
        .set(connected);
    gauge("vth_operator_attachments", "Attachments of a hub by state", hub, "refused")
        .set(rejected);
  }

  private AtomicLong gauge(String name, String description, String hub, String state) {
    String key = name + "|" + hub + "|" + state;
    return gauges.computeIfAbsent(
        key,
        k -> {
          AtomicLong value = new AtomicLong();
          Tags tags = state == null ? Tags.of("hub", hub) : Tags.of("hub", hub, "state", state);
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .tags(tags)
              .register(registry);
          return value;
        });
  }
}
