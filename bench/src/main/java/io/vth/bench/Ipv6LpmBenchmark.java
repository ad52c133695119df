package io.vth.bench;

import io.vth.core.lpm.Ipv6LpmTable;
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
 * One IPv6 longest-prefix-match lookup per operation: {@link Ipv6LpmTable} against {@link HashLpm6}
 * on the same routes (/32 to /64 in 2000::/3) and addresses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class Ipv6LpmBenchmark {

  private static final int ADDRESSES = 1 << 20;

  @Param({"100000"})
  public int routes;

  /** {@code random}: uniform over 2000::/3; {@code hit}: inside a random route's prefix. */
  @Param({"random", "hit"})
  public String addresses;

  private Ipv6LpmTable table;
  private HashLpm6 baseline;
  private long[] his;
  private long[] los;
  private int next;

  @Setup(Level.Trial)
  public void build() {
    SplittableRandom random = new SplittableRandom(43);
    long[] networks = new long[routes];
    int[] lengths = new int[routes];
    Ipv6LpmTable.Builder builder = Ipv6LpmTable.builder();
    baseline = new HashLpm6();
    for (int i = 0; i < routes; i++) {
      lengths[i] = RandomRoutes.ipv6Length(random);
      networks[i] = RandomRoutes.globalUnicastHigh(random) & RandomRoutes.mask6(lengths[i]);
      builder.add(networks[i], 0, lengths[i], i);
      baseline.add(networks[i], 0, lengths[i], i);
    }
    table = builder.build();
    his = new long[ADDRESSES];
    los = new long[ADDRESSES];
    for (int i = 0; i < ADDRESSES; i++) {
      if (addresses.equals("hit")) {
        int r = random.nextInt(routes);
        his[i] = networks[r] | (random.nextLong() & ~RandomRoutes.mask6(lengths[r]));
      } else {
        his[i] = RandomRoutes.globalUnicastHigh(random);
      }
      los[i] = random.nextLong();
    }
    int matched = 0;
    for (int i = 0; i < ADDRESSES; i++) {
      int value = table.lookup(his[i], los[i]);
      if (value != baseline.lookup(his[i], los[i])) {
        throw new IllegalStateException("baseline and table disagree at address " + i);
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
    int i = next++ & (ADDRESSES - 1);
    return table.lookup(his[i], los[i]);
  }

  @Benchmark
  public int hashPerLength() {
    int i = next++ & (ADDRESSES - 1);
    return baseline.lookup(his[i], los[i]);
  }
}
