package io.vth.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The obvious IPv6 LPM: one {@code HashMap} per prefix length keyed by the masked address (both
 * halves), probed from the longest non-empty length down. The baseline for {@link
 * Ipv6LpmBenchmark}.
 */
final class HashLpm6 {

  /** A masked IPv6 address. */
  private record Prefix(long hi, long lo) {}

  @SuppressWarnings("unchecked")
  private final Map<Prefix, Integer>[] byLength = new Map[129];

  private int[] lengths = new int[0];

  /** Adds {@code (hi, lo)/length -> value}; a prefix added twice keeps the last value. */
  void add(long hi, long lo, int length, int value) {
    if (byLength[length] == null) {
      byLength[length] = new HashMap<>();
      int count = 0;
      int[] present = new int[lengths.length + 1];
      for (int l = 128; l >= 0; l--) {
        if (byLength[l] != null) {
          present[count++] = l;
        }
      }
      lengths = present;
    }
    byLength[length].put(new Prefix(hi, lo), value);
  }

  /** The value of the longest matching prefix, or -1. */
  int lookup(long hi, long lo) {
    for (int length : lengths) {
      long maskHi = length >= 64 ? -1L : RandomRoutes.mask6(length);
      long maskLo = length <= 64 ? 0 : -1L << (128 - length);
      Integer value = byLength[length].get(new Prefix(hi & maskHi, lo & maskLo));
      if (value != null) {
        return value;
      }
    }
    return -1;
  }
}
