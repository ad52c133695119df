package io.vth.pod;

import io.vth.core.config.DecisionConfig;
import io.vth.core.config.ServableConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current decision config of a pod: replaced atomically, and only by a newer generation, so a
 * stale or replayed document never rolls the pod back. What the pod cannot serve of a document (an
 * attachment with an IPv6 tunnel, see {@link ServableConfig}) is left out and reported; the rest is
 * served.
 */
public final class ConfigHolder {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigHolder.class);

  private volatile DecisionConfig current;
  private volatile List<String> skipped = List.of();
  private final List<Consumer<DecisionConfig>> listeners = new CopyOnWriteArrayList<>();

  /** The current config, or null before the first one arrived. */
  public DecisionConfig current() {
    return current;
  }

  /** The current generation, or -1 before the first config arrived. */
  public long generation() {
    DecisionConfig c = current;
    return c == null ? -1 : c.generation();
  }

  /** Calls {@code listener} with every config accepted from now on. */
  public void onChange(Consumer<DecisionConfig> listener) {
    listeners.add(listener);
  }

  /**
   * Takes {@code config} if its generation is newer than the current one.
   *
   * @return true when it was taken
   */
  public synchronized boolean offer(DecisionConfig config) {
    if (current != null && config.generation() <= current.generation()) {
      return false;
    }
    ServableConfig servable = ServableConfig.of(config);
    for (String s : servable.skipped()) {
      LOG.warn(
          "generation {}: attachment skipped, the others are served: {}", config.generation(), s);
    }
    skipped = servable.skipped();
    current = servable.config();
    for (Consumer<DecisionConfig> l : listeners) {
      l.accept(current);
    }
    return true;
  }

  /** The attachments of the current config this pod does not serve, each with its reason. */
  public List<String> skipped() {
    return skipped;
  }
}
