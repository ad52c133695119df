package io.vth.bench;

import io.vth.core.flow.FlowKey;
import io.vth.dataplane.FlowCache;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A worker's flow cache holding 1M flows: {@link FlowCache} against {@code HashMap<FlowKey, V>}
 * with copied keys.
 *
 * <p>Lookup: a hit for a random cached flow. Insert: a new flow into the full cache, which evicts
 * the oldest flow; the baseline puts a copied key and removes the oldest key explicitly, so both
 * keep exactly 1M flows. Flows come from a ring of 2M keys: flow {@code n + 1M} goes in, flow
 * {@code n} goes out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class FlowCacheBenchmark {

  static final int FLOWS = 1 << 20;

  /** A cached action; one shared instance, as the per-flow value is not the cache's cost. */
  static final Object ACTION = new Object();

  private FlowKeys keys;
  private int[] order;
  private FlowCache<Object> cache;
  private HashMap<FlowKey, Object> map;
  private final FlowKey probe = new FlowKey();
  private int next;
  private int oldest;
  private long now;

  @Setup(Level.Trial)
  public void fill() {
    keys = new FlowKeys(2 * FLOWS, 44);
    cache = new FlowCache<>(FLOWS);
    map = new HashMap<>(2 * FLOWS);
    for (int i = 0; i < FLOWS; i++) {
      keys.fill(probe, i);
      cache.put(probe, ACTION, i);
      map.put(probe.copy(), ACTION);
    }
    order = new int[FLOWS];
    SplittableRandom random = new SplittableRandom(45);
    for (int i = 0; i < FLOWS; i++) {
      order[i] = random.nextInt(FLOWS);
    }
    next = 0;
    oldest = 0;
    now = FLOWS;
  }

  @Benchmark
  public Object lookupFlowCache() {
    return cache.get(keys.fill(probe, order[next++ & (FLOWS - 1)]), now);
  }

  @Benchmark
  public Object lookupHashMap() {
    return map.get(keys.fill(probe, order[next++ & (FLOWS - 1)]));
  }

  @Benchmark
  public int insertFlowCache() {
    int n = oldest++;
    cache.put(keys.fill(probe, (n + FLOWS) & (2 * FLOWS - 1)), ACTION, now++);
    return cache.size();
  }

  @Benchmark
  public int insertHashMap() {
    int n = oldest++;
    map.put(keys.fill(probe, (n + FLOWS) & (2 * FLOWS - 1)).copy(), ACTION);
    map.remove(keys.fill(probe, n & (2 * FLOWS - 1)));
    return map.size();
  }
}
