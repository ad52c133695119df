package io.vth.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The obvious IPv4 LPM: one {@code HashMap<Integer, Integer>} per prefix length, probed from the
 * longest non-empty length down to the shortest. The baseline for {@link Ipv4LpmBenchmark}.
 */
final class HashLpm4 {

  @SuppressWarnings("unchecked")
  private final Map<Integer, Integer>[] byLength = new Map[33];

  private int[] lengths = new int[0];

  /** Adds {@code network/length -> value}; a prefix added twice keeps the last value. */
  void add(int network, int length, int value) {
    if (byLength[length] == null) {
      byLength[length] = new HashMap<>();
      int count = 0;
      int[] present = new int[lengths.length + 1];
      for (int l = 32; l >= 0; l--) {
        if (byLength[l] != null) {
          present[count++] = l;
        }
      }
      lengths = present;
    }
    byLength[length].put(network, value);
  }

  /** The value of the longest matching prefix, or -1. */
  int lookup(int address) {
    for (int length : lengths) {
      Integer value = byLength[length].get(address & RandomRoutes.mask4(length));
      if (value != null) {
        return value;
      }
    }
    return -1;
  }
}
