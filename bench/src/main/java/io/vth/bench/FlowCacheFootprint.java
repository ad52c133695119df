package io.vth.bench;

import io.vth.core.flow.FlowKey;
import io.vth.dataplane.FlowCache;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.HashMap;
import java.util.function.IntFunction;

/**
 * Heap bytes per cached flow at 1M flows, for {@link FlowCache} and {@code HashMap<FlowKey, V>}
 * with copied keys: heap used after a full GC with the filled cache reachable, minus heap used
 * after a full GC before it was made, divided by the flows. The value is one shared object, so only
 * the cache's own structures count. Run: {@code java -cp benchmarks.jar
 * io.vth.bench.FlowCacheFootprint}.
 */
public final class FlowCacheFootprint {

  private FlowCacheFootprint() {}

  public static void main(String[] args) {
    int flows = args.length > 0 ? Integer.parseInt(args[0]) : FlowCacheBenchmark.FLOWS;
    FlowKeys keys = new FlowKeys(flows, 44);
    for (int round = 1; round <= 3; round++) {
      report("FlowCache", flows, round, n -> fillFlowCache(keys, n));
      report("HashMap<FlowKey,V>", flows, round, n -> fillHashMap(keys, n));
    }
  }

  private static void report(String name, int flows, int round, IntFunction<Object> fill) {
    long before = usedAfterGc();
    Object cache = fill.apply(flows);
    long after = usedAfterGc();
    System.out.printf(
        "round %d  %-20s %,d flows: %,.1f MiB, %.1f bytes per flow%n",
        round, name, flows, (after - before) / 1048576.0, (after - before) / (double) flows);
    Reference.reachabilityFence(cache);
  }

  private static Object fillFlowCache(FlowKeys keys, int flows) {
    FlowCache<Object> cache = new FlowCache<>(flows);
    FlowKey probe = new FlowKey();
    for (int i = 0; i < flows; i++) {
      cache.put(keys.fill(probe, i), FlowCacheBenchmark.ACTION, i);
    }
    return cache;
  }

  private static Object fillHashMap(FlowKeys keys, int flows) {
    HashMap<FlowKey, Object> map = new HashMap<>();
    FlowKey probe = new FlowKey();
    for (int i = 0; i < flows; i++) {
      map.put(keys.fill(probe, i).copy(), FlowCacheBenchmark.ACTION);
    }
    return map;
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
