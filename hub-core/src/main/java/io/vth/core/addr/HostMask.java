package io.vth.core.addr;

/**
 * The host-bit masks of a prefix length as the two 64-bit halves used by {@link IpAddress}; IPv4
 * values live in the low 32 bits of the low half.
 */
final class HostMask {

  private HostMask() {}

  /** High half of the mask of the {@code bitLength - prefixLength} host bits. */
  static long hi(int bitLength, int prefixLength) {
    int hostBits = bitLength - prefixLength;
    if (hostBits <= 64) {
      return 0;
    }
    return hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1;
  }

  /** Low half of the mask of the {@code bitLength - prefixLength} host bits. */
  static long lo(int bitLength, int prefixLength) {
    int hostBits = bitLength - prefixLength;
    return hostBits >= 64 ? -1L : (1L << hostBits) - 1;
  }

  /** Largest prefix length whose network address {@code (hi, lo)} is aligned to. */
  static int shortestAlignedPrefix(int bitLength, long hi, long lo) {
    int trailingZeros =
        lo != 0 ? Long.numberOfTrailingZeros(lo) : 64 + Long.numberOfTrailingZeros(hi);
    return Math.max(0, bitLength - trailingZeros);
  }
}
