package io.vth.bench;

import io.vth.core.flow.FlowKey;
import java.util.SplittableRandom;

/**
 * Distinct random IPv4 TCP flow keys kept as primitive columns, so a benchmark fills a reusable
 * probe key per operation the way a worker does from a packet, without allocating.
 */
final class FlowKeys {

  private final int[] src;
  private final int[] dst;
  private final int[] ports;

  /** {@code count} distinct flows on VNI 7001 (distinct by source address and ports). */
  FlowKeys(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    src = new int[count];
    dst = new int[count];
    ports = new int[count];
    for (int i = 0; i < count; i++) {
      // The index in the low bits of the source address and random ports keep the keys distinct.
      src[i] = 0x0a000000 | i;
      dst[i] = random.nextInt();
      ports[i] = random.nextInt();
    }
  }

  int size() {
    return src.length;
  }

  /** Fills {@code key} with flow {@code i} and returns it. */
  FlowKey fill(FlowKey key, int i) {
    return key.setIpv4(7001, 6, src[i], dst[i], ports[i] >>> 16, ports[i] & 0xffff);
  }
}
