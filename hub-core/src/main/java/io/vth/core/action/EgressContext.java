package io.vth.core.action;

/**
 * Where an emitted packet goes, as {@code set_egress} left it: a mutable holder the worker reuses
 * for every packet, so running a program allocates nothing.
 */
public final class EgressContext {

  private boolean set;
  private int vni;
  private int remoteIpv4;
  private int udpPort;
  private final byte[] nextHopMac = new byte[6];

  /** Forgets the previous packet's egress; the interpreter calls it before each run. */
  public void clear() {
    set = false;
    vni = 0;
    remoteIpv4 = 0;
    udpPort = 0;
  }

  /** Copies an egress constant (VNI u32, remote IPv4, port u16, MAC) from {@code pool[at]}. */
  void set(byte[] pool, int at) {
    set = true;
    vni = readInt(pool, at);
    remoteIpv4 = readInt(pool, at + 4);
    udpPort = ((pool[at + 8] & 0xff) << 8) | (pool[at + 9] & 0xff);
    System.arraycopy(pool, at + 10, nextHopMac, 0, 6);
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  /** Whether the program set an egress (always true after an {@code emit}). */
  public boolean isSet() {
    return set;
  }

  /** The VXLAN network identifier of the egress attachment (24 bits). */
  public int vni() {
    return vni;
  }

  /** The tunnel remote's IPv4 address, big-endian in an int. */
  public int remoteIpv4() {
    return remoteIpv4;
  }

  /** The tunnel remote's UDP port. */
  public int udpPort() {
    return udpPort;
  }

  /** Copies the next-hop MAC into {@code dst[off, off + 6)} (no allocation). */
  public void copyNextHopMac(byte[] dst, int off) {
    System.arraycopy(nextHopMac, 0, dst, off, 6);
  }

  /** A copy of the next-hop MAC. */
  public byte[] nextHopMac() {
    return nextHopMac.clone();
  }
}
