package io.vth.core.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One resource record for the slow path. The RDATA is held uncompressed: names inside the RDATA of
 * CNAME, NS, MX, SOA and the other types that may carry compressed names were expanded on decoding.
 */
public record DnsRecord(DnsName name, int type, int dnsClass, long ttl, byte[] rdata) {

  /** Resource record type CNAME. */
  public static final int TYPE_CNAME = 5;

  /** Checks field ranges and takes a private copy of the RDATA. */
  public DnsRecord {
    Objects.requireNonNull(name, "name");
    checkU16("type", type);
    checkU16("class", dnsClass);
    if (ttl < 0 || ttl > 0xffffffffL) {
      throw new IllegalArgumentException("TTL '" + ttl + "' is not an unsigned 32-bit value");
    }
    checkU16("RDATA length", rdata.length);
    rdata = rdata.clone();
  }

  /** A class-IN A record. */
  public static DnsRecord a(DnsName name, long ttl, Inet4Address address) {
    return new DnsRecord(name, DnsRewriter.TYPE_A, DnsRewriter.CLASS_IN, ttl, address.getAddress());
  }

  /** A class-IN AAAA record. */
  public static DnsRecord aaaa(DnsName name, long ttl, Inet6Address address) {
    return new DnsRecord(
        name, DnsRewriter.TYPE_AAAA, DnsRewriter.CLASS_IN, ttl, address.getAddress());
  }

  /** A class-IN CNAME record pointing {@code name} at {@code target}. */
  public static DnsRecord cname(DnsName name, long ttl, DnsName target) {
    return new DnsRecord(name, TYPE_CNAME, DnsRewriter.CLASS_IN, ttl, target.wire());
  }

  /** A copy of the RDATA (the record keeps its own). */
  @Override
  public byte[] rdata() {
    return rdata.clone();
  }

  /** The address of a class-IN A or AAAA record. */
  public InetAddress address() {
    boolean a = type == DnsRewriter.TYPE_A && rdata.length == 4;
    boolean aaaa = type == DnsRewriter.TYPE_AAAA && rdata.length == 16;
    if (!a && !aaaa) {
      throw new IllegalStateException("record of type " + type + " carries no address");
    }
    try {
      return InetAddress.getByAddress(rdata);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of length " + rdata.length, e);
    }
  }

  /** The target of a CNAME record. */
  public DnsName cnameTarget() {
    if (type != TYPE_CNAME) {
      throw new IllegalStateException("record of type " + type + " is not a CNAME");
    }
    return DnsName.ofValidatedWire(rdata);
  }

  /** This record with another TTL. */
  public DnsRecord withTtl(long newTtl) {
    return new DnsRecord(name, type, dnsClass, newTtl, rdata);
  }

  /** Length of the RDATA, uncompressed. */
  int rdataLength() {
    return rdata.length;
  }

  /** The RDATA without copying; callers must not change it. */
  byte[] rdataView() {
    return rdata;
  }

  static void checkU16(String what, int value) {
    if (value < 0 || value > 0xffff) {
      throw new IllegalArgumentException(what + " '" + value + "' is not an unsigned 16-bit value");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DnsRecord r
        && name.equals(r.name)
        && type == r.type
        && dnsClass == r.dnsClass
        && ttl == r.ttl
        && Arrays.equals(rdata, r.rdata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, dnsClass, ttl) * 31 + Arrays.hashCode(rdata);
  }

  @Override
  public String toString() {
    return name
        + " "
        + ttl
        + " class "
        + dnsClass
        + " type "
        + type
        + " rdata "
        + HexFormat.of().formatHex(rdata);
  }
}
