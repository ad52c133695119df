package io.vth.core.addr;

import java.util.Objects;

/**
 * An immutable IPv4 or IPv6 address held as two longs: an IPv6 address as its high and low 64 bits,
 * an IPv4 address in the low 32 bits of {@link #lo()} with {@link #hi()} zero (the layout of {@code
 * FlowKey}).
 *
 * <p>Addresses order IPv4 before IPv6, then numerically. {@link #toString()} is canonical: dotted
 * quad for IPv4, RFC 5952 for IPv6.
 */
public final class IpAddress implements Comparable<IpAddress> {

  private final IpFamily family;
  private final long hi;
  private final long lo;

  private IpAddress(IpFamily family, long hi, long lo) {
    this.family = family;
    this.hi = hi;
    this.lo = lo;
  }

  /** The IPv4 address whose 32 bits, in network order, are {@code address}. */
  public static IpAddress ofIpv4(int address) {
    return new IpAddress(IpFamily.IPV4, 0, address & 0xffffffffL);
  }

  /** The IPv6 address with high 64 bits {@code hi} and low 64 bits {@code lo}. */
  public static IpAddress ofIpv6(long hi, long lo) {
    return new IpAddress(IpFamily.IPV6, hi, lo);
  }

  /** The address of the given family with value {@code (hi, lo)}; IPv4 uses only 32 bits of lo. */
  static IpAddress of(IpFamily family, long hi, long lo) {
    return family == IpFamily.IPV4 ? ofIpv4((int) lo) : ofIpv6(hi, lo);
  }

  /** The address in {@code bytes} (network order), 4 bytes for IPv4 or 16 for IPv6. */
  public static IpAddress ofBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 4) {
      return ofIpv4((int) readLong(bytes, 0, 4));
    }
    if (bytes.length == 16) {
      return ofIpv6(readLong(bytes, 0, 8), readLong(bytes, 8, 8));
    }
    throw new IllegalArgumentException(
        "an IP address has 4 or 16 bytes, not " + bytes.length + " bytes");
  }

  /**
   * Parses an IPv4 dotted quad or an IPv6 address (RFC 4291 text, including an embedded IPv4 tail).
   *
   * @throws IllegalArgumentException quoting {@code text} and naming what is wrong
   */
  public static IpAddress parse(String text) {
    return AddressText.parse(text);
  }

  public IpFamily family() {
    return family;
  }

  public boolean isIpv4() {
    return family == IpFamily.IPV4;
  }

  public boolean isIpv6() {
    return family == IpFamily.IPV6;
  }

  /** The 32 bits of an IPv4 address. */
  public int ipv4() {
    if (family != IpFamily.IPV4) {
      throw new IllegalStateException(this + " is not an IPv4 address");
    }
    return (int) lo;
  }

  /** The high 64 bits (zero for IPv4). */
  public long hi() {
    return hi;
  }

  /** The low 64 bits (the address in the low 32 bits for IPv4). */
  public long lo() {
    return lo;
  }

  /** The address in network byte order: 4 or 16 bytes. */
  public byte[] toBytes() {
    byte[] bytes = new byte[family.byteLength()];
    if (family == IpFamily.IPV4) {
      writeLong(bytes, 0, 4, lo);
    } else {
      writeLong(bytes, 0, 8, hi);
      writeLong(bytes, 8, 8, lo);
    }
    return bytes;
  }

  /** This address with the host bits beyond {@code prefixLength} cleared. */
  IpAddress masked(int prefixLength) {
    int bits = family.bitLength();
    return of(family, hi & ~HostMask.hi(bits, prefixLength), lo & ~HostMask.lo(bits, prefixLength));
  }

  /** This address with the host bits beyond {@code prefixLength} set. */
  IpAddress withHostBitsSet(int prefixLength) {
    int bits = family.bitLength();
    return of(family, hi | HostMask.hi(bits, prefixLength), lo | HostMask.lo(bits, prefixLength));
  }

  /** True when this is the highest address of its family (so it has no successor). */
  boolean isMax() {
    return family == IpFamily.IPV4 ? lo == 0xffffffffL : hi == -1L && lo == -1L;
  }

  /** The next address; the caller checks {@link #isMax()} first. */
  IpAddress next() {
    long nextLo = lo + 1;
    return of(family, nextLo == 0 ? hi + 1 : hi, nextLo);
  }

  /** The previous address; the caller ensures this is not the lowest address. */
  IpAddress previous() {
    return of(family, lo == 0 ? hi - 1 : hi, lo - 1);
  }

  @Override
  public int compareTo(IpAddress other) {
    int byFamily = family.compareTo(other.family);
    if (byFamily != 0) {
      return byFamily;
    }
    int byHi = Long.compareUnsigned(hi, other.hi);
    return byHi != 0 ? byHi : Long.compareUnsigned(lo, other.lo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress other
        && family == other.family
        && hi == other.hi
        && lo == other.lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi * 31 + lo) * 31 + family.ordinal();
  }

  @Override
  public String toString() {
    return AddressText.format(this);
  }

  private static long readLong(byte[] bytes, int off, int length) {
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = value << 8 | (bytes[off + i] & 0xff);
    }
    return value;
  }

  private static void writeLong(byte[] bytes, int off, int length, long value) {
    for (int i = length - 1; i >= 0; i--) {
      bytes[off + i] = (byte) value;
      value >>>= 8;
    }
  }
}
