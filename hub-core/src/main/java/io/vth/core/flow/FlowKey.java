package io.vth.core.flow;

import java.util.Arrays;

/**
 * The identity of a flow as the data plane sees it: source attachment (VNI), IP protocol, source
 * and destination address, and ports.
 *
 * <p>Keys are mutable so that a worker can refill one instance per packet without allocating;
 * {@link #copy()} makes the immutable-by-convention copy that a cache stores. IPv4 addresses are
 * held in {@link #dstLo}/{@link #srcLo} (low 32 bits) with the high words zero.
 *
 * <p><b>Ports.</b> TCP, UDP and SCTP: the transport ports. ICMP/ICMPv6 echo request and reply: the
 * echo identifier in both port fields. Other ICMP messages: source port 0 and destination port
 * {@code type << 8 | code}. Other protocols: both zero.
 *
 * <p><b>Fragments.</b> Only the first fragment of a datagram carries the transport header. A
 * non-first fragment is keyed with both ports zero and {@link #FLAG_NON_FIRST_FRAGMENT} set, so it
 * can never match the entry of a port-carrying flow (whose action may touch transport fields). The
 * action decided for such a key only rewrites the IP header: routing and 1:1 prefix translation
 * depend on addresses alone, so every fragment of a datagram is forwarded and translated alike,
 * while the transport checksum, which lies in the first fragment, is fixed there.
 */
public final class FlowKey {

  /** The address family flag: set for IPv6, clear for IPv4. */
  public static final int FLAG_IPV6 = 1;

  /** Set for a fragment other than the first: no transport header, ports are zero. */
  public static final int FLAG_NON_FIRST_FRAGMENT = 2;

  /** Length of the binary encoding written by {@link #write(byte[], int)}. */
  public static final int ENCODED_LENGTH = 44;

  private int vni;
  private int protocol;
  private int flags;
  private int srcPort;
  private int dstPort;
  private long srcHi;
  private long srcLo;
  private long dstHi;
  private long dstLo;

  /** Fills this key for an IPv4 packet and returns it. */
  public FlowKey setIpv4(int vni, int protocol, int src, int dst, int srcPort, int dstPort) {
    return set(vni, protocol, 0, 0, src & 0xffffffffL, 0, dst & 0xffffffffL, srcPort, dstPort);
  }

  /** Fills this key for an IPv6 packet and returns it. */
  public FlowKey setIpv6(
      int vni,
      int protocol,
      long srcHi,
      long srcLo,
      long dstHi,
      long dstLo,
      int srcPort,
      int dstPort) {
    return set(vni, protocol, FLAG_IPV6, srcHi, srcLo, dstHi, dstLo, srcPort, dstPort);
  }

  /** Marks this key as that of a non-first fragment: ports cleared, flag set. */
  public FlowKey markNonFirstFragment() {
    flags |= FLAG_NON_FIRST_FRAGMENT;
    srcPort = 0;
    dstPort = 0;
    return this;
  }

  private FlowKey set(
      int vni,
      int protocol,
      int flags,
      long srcHi,
      long srcLo,
      long dstHi,
      long dstLo,
      int srcPort,
      int dstPort) {
    this.vni = vni & 0xffffff;
    this.protocol = protocol & 0xff;
    this.flags = flags;
    this.srcHi = srcHi;
    this.srcLo = srcLo;
    this.dstHi = dstHi;
    this.dstLo = dstLo;
    this.srcPort = srcPort & 0xffff;
    this.dstPort = dstPort & 0xffff;
    return this;
  }

  /** Copies every field of {@code other} into this key and returns it. */
  public FlowKey copyFrom(FlowKey other) {
    return set(
        other.vni,
        other.protocol,
        other.flags,
        other.srcHi,
        other.srcLo,
        other.dstHi,
        other.dstLo,
        other.srcPort,
        other.dstPort);
  }

  /** A new key equal to this one. */
  public FlowKey copy() {
    return new FlowKey().copyFrom(this);
  }

  /**
   * A well-mixed 64-bit hash of every field (used to pick a worker, to index caches and as the
   * outer VXLAN source port).
   */
  public long hash64() {
    long h = mix(((long) vni << 40) ^ ((long) protocol << 32) ^ ((long) flags << 48) ^ 0x9e37L);
    h = mix(h ^ srcHi);
    h = mix(h ^ srcLo);
    h = mix(h ^ dstHi);
    h = mix(h ^ dstLo);
    return mix(h ^ (((long) srcPort << 16) | dstPort));
  }

  private static long mix(long z) {
    // SplitMix64's finaliser: cheap, and every input bit affects every output bit.
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Writes the {@value #ENCODED_LENGTH}-byte big-endian encoding at {@code off}. */
  public void write(byte[] buf, int off) {
    putInt(buf, off, vni);
    buf[off + 4] = (byte) protocol;
    buf[off + 5] = (byte) flags;
    buf[off + 6] = (byte) (srcPort >>> 8);
    buf[off + 7] = (byte) srcPort;
    buf[off + 8] = (byte) (dstPort >>> 8);
    buf[off + 9] = (byte) dstPort;
    buf[off + 10] = 0;
    buf[off + 11] = 0;
    putLong(buf, off + 12, srcHi);
    putLong(buf, off + 20, srcLo);
    putLong(buf, off + 28, dstHi);
    putLong(buf, off + 36, dstLo);
  }

  /**
   * Reads an encoding written by {@link #write(byte[], int)} into this key; the caller has checked
   * that {@value #ENCODED_LENGTH} bytes are available.
   *
   * @throws IllegalArgumentException when a reserved field is not zero or the VNI exceeds 24 bits
   */
  public FlowKey read(byte[] buf, int off) {
    int v = getInt(buf, off);
    int f = buf[off + 5] & 0xff;
    if ((v >>> 24) != 0) {
      throw new IllegalArgumentException("flow key VNI " + v + " exceeds 24 bits");
    }
    if ((f & ~(FLAG_IPV6 | FLAG_NON_FIRST_FRAGMENT)) != 0
        || buf[off + 10] != 0
        || buf[off + 11] != 0) {
      throw new IllegalArgumentException("flow key has reserved bits set");
    }
    return set(
        v,
        buf[off + 4],
        f,
        getLong(buf, off + 12),
        getLong(buf, off + 20),
        getLong(buf, off + 28),
        getLong(buf, off + 36),
        ((buf[off + 6] & 0xff) << 8) | (buf[off + 7] & 0xff),
        ((buf[off + 8] & 0xff) << 8) | (buf[off + 9] & 0xff));
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  private static void putLong(byte[] b, int off, long v) {
    putInt(b, off, (int) (v >>> 32));
    putInt(b, off + 4, (int) v);
  }

  private static long getLong(byte[] b, int off) {
    return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xffffffffL);
  }

  /** The source attachment's VNI. */
  public int vni() {
    return vni;
  }

  /** The IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...). */
  public int protocol() {
    return protocol;
  }

  /** The flag bits ({@link #FLAG_IPV6}, {@link #FLAG_NON_FIRST_FRAGMENT}). */
  public int flags() {
    return flags;
  }

  /** Whether this is an IPv6 flow. */
  public boolean isIpv6() {
    return (flags & FLAG_IPV6) != 0;
  }

  /** Whether this key stands for non-first fragments (no ports). */
  public boolean isNonFirstFragment() {
    return (flags & FLAG_NON_FIRST_FRAGMENT) != 0;
  }

  /** The source port (or ICMP echo identifier). */
  public int srcPort() {
    return srcPort;
  }

  /** The destination port (or ICMP echo identifier, or ICMP type and code). */
  public int dstPort() {
    return dstPort;
  }

  /** High 64 bits of the IPv6 source; zero for IPv4. */
  public long srcHi() {
    return srcHi;
  }

  /** Low 64 bits of the IPv6 source, or the IPv4 source in the low 32 bits. */
  public long srcLo() {
    return srcLo;
  }

  /** High 64 bits of the IPv6 destination; zero for IPv4. */
  public long dstHi() {
    return dstHi;
  }

  /** Low 64 bits of the IPv6 destination, or the IPv4 destination in the low 32 bits. */
  public long dstLo() {
    return dstLo;
  }

  /** The IPv4 source address; meaningful only when {@link #isIpv6()} is false. */
  public int srcIpv4() {
    return (int) srcLo;
  }

  /** The IPv4 destination address; meaningful only when {@link #isIpv6()} is false. */
  public int dstIpv4() {
    return (int) dstLo;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlowKey)) {
      return false;
    }
    FlowKey k = (FlowKey) o;
    return vni == k.vni
        && protocol == k.protocol
        && flags == k.flags
        && srcPort == k.srcPort
        && dstPort == k.dstPort
        && srcHi == k.srcHi
        && srcLo == k.srcLo
        && dstHi == k.dstHi
        && dstLo == k.dstLo;
  }

  @Override
  public int hashCode() {
    return (int) hash64();
  }

  @Override
  public String toString() {
    return "vni="
        + vni
        + " proto="
        + protocol
        + " "
        + address(isIpv6(), srcHi, srcLo)
        + ":"
        + srcPort
        + " -> "
        + address(isIpv6(), dstHi, dstLo)
        + ":"
        + dstPort
        + (isNonFirstFragment() ? " (non-first fragment)" : "");
  }

  private static String address(boolean v6, long hi, long lo) {
    if (!v6) {
      return ((lo >>> 24) & 0xff)
          + "."
          + ((lo >>> 16) & 0xff)
          + "."
          + ((lo >>> 8) & 0xff)
          + "."
          + (lo & 0xff);
    }
    String[] groups = new String[8];
    for (int i = 0; i < 8; i++) {
      long word = i < 4 ? hi >>> (48 - 16 * i) : lo >>> (48 - 16 * (i - 4));
      groups[i] = Integer.toHexString((int) (word & 0xffff));
    }
    return Arrays.toString(groups).replace(", ", ":").replace("[", "").replace("]", "");
  }
}
