package io.vth.bench;

import io.vth.core.lpm.Ipv4LpmTable;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One IPv4 longest-prefix-match lookup per operation: {@link Ipv4LpmTable} against {@link
 * HashLpm4}, a map per prefix length probed longest first, on the same routes and addresses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class Ipv4LpmBenchmark {

  /** Addresses looked up in turn; 2^20 of them, so the table, not the list, decides what caches. */
  private static final int ADDRESSES = 1 << 20;

  @Param({"1000", "100000", "1000000"})
  public int routes;

  /** {@code random}: uniform over all of IPv4; {@code hit}: inside a random route's prefix. */
  @Param({"random", "hit"})
  public String addresses;

  private Ipv4LpmTable table;
  private HashLpm4 baseline;
  private int[] lookups;
  private int next;

  @Setup(Level.Trial)
  public void build() {
    SplittableRandom random = new SplittableRandom(42);
    int[] networks = new int[routes];
    int[] lengths = new int[routes];
    Ipv4LpmTable.Builder builder = Ipv4LpmTable.builder();
    baseline = new HashLpm4();
    for (int i = 0; i < routes; i++) {
      lengths[i] = RandomRoutes.ipv4Length(random);
      networks[i] = random.nextInt() & RandomRoutes.mask4(lengths[i]);
      builder.add(networks[i], lengths[i], i);
      baseline.add(networks[i], lengths[i], i);
    }
    table = builder.build();
    lookups = new int[ADDRESSES];
    for (int i = 0; i < ADDRESSES; i++) {
      if (addresses.equals("hit")) {
        int r = random.nextInt(routes);
        lookups[i] = networks[r] | (random.nextInt() & ~RandomRoutes.mask4(lengths[r]));
      } else {
        lookups[i] = random.nextInt();
      }
    }
    int matched = 0;
    for (int address : lookups) {
      int value = table.lookup(address);
      if (value != baseline.lookup(address)) {
        throw new IllegalStateException("baseline and table disagree on " + address);
      }
      matched += value >= 0 ? 1 : 0;
    }
    System.out.printf(
        "%n[setup] %d routes (%d distinct), %s addresses: %.1f%% match; table %.1f MiB%n",
        routes,
        table.routeCount(),
        addresses,
        100.0 * matched / ADDRESSES,
        table.memoryBytes() / 1048576.0);
  }

  @Benchmark
  public int trie() {
    return table.lookup(lookups[next++ & (ADDRESSES - 1)]);
  }

  @Benchmark
  public int hashPerLength() {
    return baseline.lookup(lookups[next++ & (ADDRESSES - 1)]);
  }
}
