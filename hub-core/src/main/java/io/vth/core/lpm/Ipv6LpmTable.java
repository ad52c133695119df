package io.vth.core.lpm;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.IpFamily;

/**
 * An IPv6 longest-prefix-match table over the address as two longs: a leaf-pushed multibit trie
 * with a 16-bit root stride and 8-bit strides below, nodes compressed to runs with rank bitmaps
 * ({@link RankedTrie}); a lookup takes one step per stride down to the longest prefix on the path
 * (at most 15) and allocates nothing.
 *
 * <p>Memory: about 16 KiB for a small table, plus at least 48 bytes per chunk; a /64 in an
 * otherwise empty region adds up to six chunks. Immutable and thread-safe once built.
 */
public final class Ipv6LpmTable implements LpmTable {

  private final RankedTrie trie;
  private final int routeCount;

  private Ipv6LpmTable(RankedTrie trie, int routeCount) {
    this.trie = trie;
    this.routeCount = routeCount;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The value of the longest prefix containing IPv6 {@code (hi, lo)}, or {@link #NO_MATCH}. */
  public int lookup(long hi, long lo) {
    int entry = trie.root((int) (hi >>> 48));
    for (int shift = 40; entry < NO_MATCH && shift >= 0; shift -= 8) {
      entry = trie.child(entry, (int) (hi >>> shift) & 0xff);
    }
    for (int shift = 56; entry < NO_MATCH; shift -= 8) {
      entry = trie.child(entry, (int) (lo >>> shift) & 0xff);
    }
    return entry;
  }

  /** The value for an IPv6 address; an IPv4 address matches nothing here. */
  @Override
  public int lookup(IpAddress address) {
    return address.isIpv6() ? lookup(address.hi(), address.lo()) : NO_MATCH;
  }

  @Override
  public int routeCount() {
    return routeCount;
  }

  @Override
  public long memoryBytes() {
    return trie.memoryBytes() + 16;
  }

  /** Collects IPv6 routes; when a prefix is added twice, the last value wins. */
  public static final class Builder {

    private final StrideTrieBuilder routes = new StrideTrieBuilder(IpFamily.IPV6);

    private Builder() {}

    /** Adds the route {@code prefix -> value} ({@code value} from 0 to {@link #MAX_VALUE}). */
    public Builder add(Cidr prefix, int value) {
      routes.add(prefix, value);
      return this;
    }

    /** Adds the route {@code (hi, lo)/prefixLength -> value}; host bits must be clear. */
    public Builder add(long hi, long lo, int prefixLength, int value) {
      return add(Cidr.of(IpAddress.ofIpv6(hi, lo), prefixLength), value);
    }

    /** Builds an immutable table; the builder may be reused (later additions do not affect it). */
    public Ipv6LpmTable build() {
      return new Ipv6LpmTable(routes.build(), routes.routeCount());
    }
  }
}
