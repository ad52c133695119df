package io.vth.core.addr;

import java.util.Objects;

/**
 * A 1:1 translation between two prefixes of equal length and family, e.g. {@code 192.168.1.0/24 ->
 * 100.64.7.0/24}: the network bits are replaced and the host bits kept, so .1 maps to .1.
 *
 * <p>Immutable and thread-safe. The {@code int}/{@code long} and byte-array methods are meant for
 * the per-packet path: they do not allocate and never throw; callers check {@code matches...}
 * first, because an address outside the prefix is translated into the other prefix regardless.
 */
public final class PrefixTranslation {

  private final Cidr from;
  private final Cidr to;
  private final long hostHi;
  private final long hostLo;

  private PrefixTranslation(Cidr from, Cidr to) {
    this.from = from;
    this.to = to;
    int bits = from.family().bitLength();
    this.hostHi = HostMask.hi(bits, from.prefixLength());
    this.hostLo = HostMask.lo(bits, from.prefixLength());
  }

  /**
   * The translation of {@code from} onto {@code to}.
   *
   * @throws IllegalArgumentException when the families or prefix lengths differ
   */
  public static PrefixTranslation of(Cidr from, Cidr to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.family() != to.family()) {
      throw new IllegalArgumentException(
          "cannot translate "
              + from
              + " to "
              + to
              + ": families differ ("
              + from.family()
              + " vs "
              + to.family()
              + ")");
    }
    if (from.prefixLength() != to.prefixLength()) {
      throw new IllegalArgumentException(
          "cannot translate "
              + from
              + " to "
              + to
              + " 1:1: prefix lengths differ (/"
              + from.prefixLength()
              + " vs /"
              + to.prefixLength()
              + "), so the ranges differ in size");
    }
    return new PrefixTranslation(from, to);
  }

  public Cidr from() {
    return from;
  }

  public Cidr to() {
    return to;
  }

  /** The translation in the other direction ({@code to -> from}). */
  public PrefixTranslation inverse() {
    return new PrefixTranslation(to, from);
  }

  /**
   * Maps an address of {@link #from()} into {@link #to()}.
   *
   * @throws IllegalArgumentException when {@code address} is not in {@link #from()}
   */
  public IpAddress translate(IpAddress address) {
    return map(address, from, to);
  }

  /**
   * Maps an address of {@link #to()} back into {@link #from()}.
   *
   * @throws IllegalArgumentException when {@code address} is not in {@link #to()}
   */
  public IpAddress reverse(IpAddress address) {
    return map(address, to, from);
  }

  private IpAddress map(IpAddress address, Cidr source, Cidr target) {
    if (!source.contains(address)) {
      throw new IllegalArgumentException(
          address + " is not in " + source + ", cannot map it to " + target);
    }
    IpAddress net = target.network();
    return IpAddress.of(
        address.family(), net.hi() | address.hi() & hostHi, net.lo() | address.lo() & hostLo);
  }

  /** True when IPv4 {@code address} is in {@link #from()}; false for an IPv6 translation. */
  public boolean matchesIpv4(int address) {
    return from.family() == IpFamily.IPV4
        && ((address & 0xffffffffL) & ~hostLo) == from.network().lo();
  }

  /** Replaces the network bits of IPv4 {@code address} with those of {@link #to()}. */
  public int translateIpv4(int address) {
    return (int) (to.network().lo() | address & hostLo);
  }

  /** Replaces the network bits of IPv4 {@code address} with those of {@link #from()}. */
  public int reverseIpv4(int address) {
    return (int) (from.network().lo() | address & hostLo);
  }

  /** True when IPv6 {@code (hi, lo)} is in {@link #from()}; false for an IPv4 translation. */
  public boolean matchesIpv6(long hi, long lo) {
    IpAddress net = from.network();
    return from.family() == IpFamily.IPV6
        && (hi & ~hostHi) == net.hi()
        && (lo & ~hostLo) == net.lo();
  }

  /** The high 64 bits of IPv6 {@code hi} translated into {@link #to()}. */
  public long translateIpv6Hi(long hi) {
    return to.network().hi() | hi & hostHi;
  }

  /** The low 64 bits of IPv6 {@code lo} translated into {@link #to()}. */
  public long translateIpv6Lo(long lo) {
    return to.network().lo() | lo & hostLo;
  }

  /** The high 64 bits of IPv6 {@code hi} translated back into {@link #from()}. */
  public long reverseIpv6Hi(long hi) {
    return from.network().hi() | hi & hostHi;
  }

  /** The low 64 bits of IPv6 {@code lo} translated back into {@link #from()}. */
  public long reverseIpv6Lo(long lo) {
    return from.network().lo() | lo & hostLo;
  }

  /**
   * Translates the address of {@code length} bytes at {@code buf[off]} in place when it is in
   * {@link #from()} (usable as an {@code AddressRewriter}); false, with the bytes untouched, when
   * it is not, when {@code length} does not fit the family or the range lies outside {@code buf}.
   */
  public boolean translateInPlace(byte[] buf, int off, int length) {
    if (buf == null
        || length != from.family().byteLength()
        || off < 0
        || off > buf.length - length) {
      return false;
    }
    long hi = length == 16 ? readLong(buf, off) : 0;
    long lo = length == 16 ? readLong(buf, off + 8) : readInt(buf, off);
    boolean inside = length == 16 ? matchesIpv6(hi, lo) : matchesIpv4((int) lo);
    if (!inside) {
      return false;
    }
    if (length == 16) {
      writeBytes(buf, off, 8, translateIpv6Hi(hi));
      writeBytes(buf, off + 8, 8, translateIpv6Lo(lo));
    } else {
      writeBytes(buf, off, 4, translateIpv4((int) lo));
    }
    return true;
  }

  private static long readLong(byte[] buf, int off) {
    return readInt(buf, off) << 32 | readInt(buf, off + 4);
  }

  private static long readInt(byte[] buf, int off) {
    return (buf[off] & 0xffL) << 24
        | (buf[off + 1] & 0xff) << 16
        | (buf[off + 2] & 0xff) << 8
        | buf[off + 3] & 0xff;
  }

  private static void writeBytes(byte[] buf, int off, int count, long value) {
    for (int i = count - 1; i >= 0; i--) {
      buf[off + i] = (byte) value;
      value >>>= 8;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PrefixTranslation other && from.equals(other.from) && to.equals(other.to);
  }

  @Override
  public int hashCode() {
    return from.hashCode() * 31 + to.hashCode();
  }

  @Override
  public String toString() {
    return from + " -> " + to;
  }
}
