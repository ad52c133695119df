package io.vth.core.lpm;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.IpFamily;

/**
 * An IPv4 longest-prefix-match table: a DIR-16-8-8 trie with leaf pushing (a 65,536-entry root
 * indexed by the top 16 bits, then 256-entry chunks per further byte), so a lookup reads at most
 * three ints and allocates nothing.
 *
 * <p>Memory: 256 KiB for the root plus 1 KiB per chunk; a prefix longer than /16 adds at most one
 * chunk per level below the root that it is the first to reach (/17-/24: one, /25-/32: two).
 * Immutable and thread-safe once built.
 */
public final class Ipv4LpmTable implements LpmTable {

  private final RankedTrie trie;
  private final int routeCount;

  private Ipv4LpmTable(RankedTrie trie, int routeCount) {
    this.trie = trie;
    this.routeCount = routeCount;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The value of the longest prefix containing IPv4 {@code address}, or {@link #NO_MATCH}. */
  public int lookup(int address) {
    int entry = trie.root(address >>> 16);
    if (entry >= NO_MATCH) {
      return entry;
    }
    entry = trie.child(entry, (address >>> 8) & 0xff);
    if (entry >= NO_MATCH) {
      return entry;
    }
    return trie.child(entry, address & 0xff);
  }

  /** The value for an IPv4 address; an IPv6 address matches nothing here. */
  @Override
  public int lookup(IpAddress address) {
    return address.isIpv4() ? lookup(address.ipv4()) : NO_MATCH;
  }

  @Override
  public int routeCount() {
    return routeCount;
  }

  @Override
  public long memoryBytes() {
    return trie.memoryBytes() + 16;
  }

  /** Collects IPv4 routes; when a prefix is added twice, the last value wins. */
  public static final class Builder {

    private final StrideTrieBuilder routes = new StrideTrieBuilder(IpFamily.IPV4);

    private Builder() {}

    /** Adds the route {@code prefix -> value} ({@code value} from 0 to {@link #MAX_VALUE}). */
    public Builder add(Cidr prefix, int value) {
      routes.add(prefix, value);
      return this;
    }

    /** Adds the route {@code network/prefixLength -> value}; host bits must be clear. */
    public Builder add(int network, int prefixLength, int value) {
      return add(Cidr.of(IpAddress.ofIpv4(network), prefixLength), value);
    }

    /** Builds an immutable table; the builder may be reused (later additions do not affect it). */
    public Ipv4LpmTable build() {
      return new Ipv4LpmTable(routes.build(), routes.routeCount());
    }
  }
}
