package io.vth.core.seal;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A pod's sequence numbers, one run per destination socket, shared by all its threads: each
 * receiver sees a dense run it can check for replays with a small window. A run starts at the clock
 * in microseconds, so a restarted pod (same name, same pod id) starts above anything it sent
 * before, and forgetting every run (when more than {@link #MAX_DESTINATIONS} accumulate as pods
 * come and go) is always safe.
 */
public final class SealSequences {

  /** Runs kept at most before all are forgotten. */
  public static final int MAX_DESTINATIONS = 65_536;

  private final ConcurrentHashMap<InetSocketAddress, AtomicLong> runs = new ConcurrentHashMap<>();
  private final LongSupplier micros;

  /** Sequences starting from the wall clock. */
  public SealSequences() {
    this(() -> System.currentTimeMillis() * 1000);
  }

  /** Sequences starting from {@code micros}, a clock in microseconds (for tests). */
  public SealSequences(LongSupplier micros) {
    this.micros = micros;
  }

  /** The next sequence number toward {@code to}. */
  public long next(InetSocketAddress to) {
    AtomicLong run = runs.get(to);
    if (run == null) {
      if (runs.size() >= MAX_DESTINATIONS) {
        runs.clear();
      }
      run = runs.computeIfAbsent(to, k -> new AtomicLong(micros.getAsLong()));
    }
    return run.incrementAndGet();
  }
}
