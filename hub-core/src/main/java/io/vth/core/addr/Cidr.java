package io.vth.core.addr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, canonical IP prefix: a network address with no host bits set and a prefix length.
 *
 * <p>Two CIDRs either nest or are disjoint, which keeps overlap, intersection and subtraction
 * simple. CIDRs order by network address (IPv4 first), then by prefix length (shorter first).
 */
public final class Cidr implements Comparable<Cidr> {

  private final IpAddress network;
  private final int prefixLength;

  private Cidr(IpAddress network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * The prefix {@code network/prefixLength}.
   *
   * @throws IllegalArgumentException when the length is out of range or host bits are set
   */
  public static Cidr of(IpAddress network, int prefixLength) {
    Cidr masked = covering(network, prefixLength);
    if (!masked.network.equals(network)) {
      throw new IllegalArgumentException(notCanonical(network + "/" + prefixLength, masked));
    }
    return masked;
  }

  /**
   * The prefix of length {@code prefixLength} that contains {@code address} (host bits cleared).
   */
  public static Cidr covering(IpAddress address, int prefixLength) {
    Objects.requireNonNull(address, "address");
    int bits = address.family().bitLength();
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is outside 0.." + bits + " for " + address.family());
    }
    return new Cidr(address.masked(prefixLength), prefixLength);
  }

  /** The single-address prefix of {@code address} (/32 or /128). */
  public static Cidr host(IpAddress address) {
    return new Cidr(address, address.family().bitLength());
  }

  /**
   * Parses {@code "address/length"} strictly: host bits must be clear.
   *
   * @throws IllegalArgumentException quoting the text, e.g. {@code "10.0.0.1/8" is not canonical:
   *     host bits are set; did you mean 10.0.0.0/8?}
   */
  public static Cidr parse(String text) {
    Cidr masked = parseLenient(text);
    if (!isCanonical(text)) {
      throw new IllegalArgumentException(notCanonical(text, masked));
    }
    return masked;
  }

  /** Parses {@code "address/length"} and clears any host bits: {@code 10.0.0.1/8} is 10.0.0.0/8. */
  public static Cidr parseLenient(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a CIDR is required, got null");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw invalid(text, "the \"/prefix-length\" part is missing");
    }
    IpAddress address;
    try {
      address = IpAddress.parse(text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw invalid(text, e.getMessage());
    }
    return covering(address, parsePrefixLength(text, text.substring(slash + 1), address.family()));
  }

  /** True when {@code text} is a valid CIDR whose host bits are clear. */
  public static boolean isCanonical(String text) {
    try {
      Cidr masked = parseLenient(text);
      int slash = text.indexOf('/');
      return IpAddress.parse(text.substring(0, slash)).equals(masked.network);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int parsePrefixLength(String text, String length, IpFamily family) {
    if (length.isEmpty()
        || length.length() > 3
        || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(text, "prefix length \"" + length + "\" is not a decimal number");
    }
    int value = Integer.parseInt(length);
    if (value > family.bitLength()) {
      throw invalid(
          text,
          "prefix length " + value + " is greater than " + family.bitLength() + " for " + family);
    }
    return value;
  }

  public IpFamily family() {
    return network.family();
  }

  public IpAddress network() {
    return network;
  }

  public int prefixLength() {
    return prefixLength;
  }

  /** The lowest address (the network address). */
  public IpAddress first() {
    return network;
  }

  /** The highest address (all host bits set). */
  public IpAddress last() {
    return network.withHostBitsSet(prefixLength);
  }

  /** The number of addresses, 2^(bits - prefixLength). */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(family().bitLength() - prefixLength);
  }

  public boolean contains(IpAddress address) {
    return address.family() == family() && address.masked(prefixLength).equals(network);
  }

  /** True when every address of {@code other} is in this prefix. */
  public boolean contains(Cidr other) {
    return other.family() == family()
        && other.prefixLength >= prefixLength
        && contains(other.network);
  }

  public boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  /** The common addresses: the longer of the two prefixes when they nest, otherwise empty. */
  public Optional<Cidr> intersection(Cidr other) {
    if (contains(other)) {
      return Optional.of(other);
    }
    return other.contains(this) ? Optional.of(this) : Optional.empty();
  }

  /** The addresses of this prefix not in {@code other}, as the fewest prefixes, ascending. */
  public List<Cidr> subtract(Cidr other) {
    if (!overlaps(other)) {
      return List.of(this);
    }
    List<Cidr> rest = new ArrayList<>();
    Cidr current = this;
    while (current.prefixLength < other.prefixLength) {
      Cidr lower = new Cidr(current.network, current.prefixLength + 1);
      Cidr upper = new Cidr(lower.last().next(), current.prefixLength + 1);
      boolean otherInLower = lower.contains(other);
      rest.add(otherInLower ? upper : lower);
      current = otherInLower ? lower : upper;
    }
    rest.sort(null);
    return List.copyOf(rest);
  }

  @Override
  public int compareTo(Cidr other) {
    int byNetwork = network.compareTo(other.network);
    return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, other.prefixLength);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr other
        && prefixLength == other.prefixLength
        && network.equals(other.network);
  }

  @Override
  public int hashCode() {
    return network.hashCode() * 131 + prefixLength;
  }

  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }

  private static String notCanonical(String text, Cidr masked) {
    return "\"" + text + "\" is not canonical: host bits are set; did you mean " + masked + "?";
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException("\"" + text + "\" is not a valid CIDR: " + reason);
  }
}
