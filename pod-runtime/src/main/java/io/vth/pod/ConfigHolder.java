package io.vth.pod;

import io.vth.core.config.DecisionConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The current decision config of a pod: replaced atomically, and only by a newer generation, so a
 * stale or replayed document never rolls the pod back.
 */
public final class ConfigHolder {

  private volatile DecisionConfig current;
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
    current = config;
    for (Consumer<DecisionConfig> l : listeners) {
      l.accept(config);
    }
    return true;
  }
}
