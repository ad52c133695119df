package io.vth.core.wire;

import java.util.Objects;

/**
 * A dataplane pod tells the other dataplane pods of its cell the neighbours it learned: per entry
 * the attachment (VNI), the IPv4 address (0 for the attachment's next hop) and its MAC. A network
 * answers the hub's ARP request to whichever pod its tunnel reaches, not necessarily the one that
 * asked, so pods share what they learn. At most {@link #MAX_ENTRIES} entries per message.
 */
public final class NeighborShare extends WireMessage {

  /** Entries one message carries at most (it then fits in 1,400 bytes). */
  public static final int MAX_ENTRIES = 96;

  /** Bytes per entry: VNI (4), IPv4 (4), MAC (6). */
  public static final int ENTRY_LENGTH = 14;

  /** Length of a message without entries: the header and the entry count (2). */
  public static final int FIXED_LENGTH = WireProtocol.HEADER_LENGTH + 2;

  private static final int MAX_VNI = 0xffffff;

  private final int[] vnis = new int[MAX_ENTRIES];
  private final int[] addresses = new int[MAX_ENTRIES];
  private final long[] macs = new long[MAX_ENTRIES];
  private int count;

  @Override
  public MessageType type() {
    return MessageType.NEIGHBOR_SHARE;
  }

  /** Empties the holder and names the sender; returns this. */
  public NeighborShare start(long cellId, int podId) {
    setSender(cellId, podId);
    count = 0;
    return this;
  }

  /**
   * Adds an entry; returns false, adding nothing, when the message is full.
   *
   * @throws IllegalArgumentException when {@code vni} is not a 24-bit VNI above 0 or {@code mac} is
   *     not a 48-bit MAC
   */
  public boolean add(int vni, int ipv4, long mac) {
    if (vni <= 0 || vni > MAX_VNI) {
      throw new IllegalArgumentException("VNI " + vni + " is not in 1.." + MAX_VNI);
    }
    if ((mac >>> 48) != 0) {
      throw new IllegalArgumentException("MAC " + Long.toHexString(mac) + " exceeds 48 bits");
    }
    if (count == MAX_ENTRIES) {
      return false;
    }
    vnis[count] = vni;
    addresses[count] = ipv4;
    macs[count] = mac;
    count++;
    return true;
  }

  /** Entries held. */
  public int count() {
    return count;
  }

  /** Whether no entry can be added. */
  public boolean full() {
    return count == MAX_ENTRIES;
  }

  /** The VNI of entry {@code i}. */
  public int vni(int i) {
    return vnis[Objects.checkIndex(i, count)];
  }

  /** The IPv4 address of entry {@code i}, 0 for the attachment's next hop. */
  public int ipv4(int i) {
    return addresses[Objects.checkIndex(i, count)];
  }

  /** The MAC of entry {@code i}, in the low 48 bits. */
  public long mac(int i) {
    return macs[Objects.checkIndex(i, count)];
  }

  /** The encoded length of the message as it stands. */
  public int length() {
    return FIXED_LENGTH + count * ENTRY_LENGTH;
  }

  /**
   * Writes the message at {@code buf[off]} and returns its length.
   *
   * @throws IndexOutOfBoundsException when the buffer is too small
   */
  public int encode(byte[] buf, int off) {
    int length = length();
    Objects.checkFromIndexSize(off, length, buf.length);
    int p = writeHeader(buf, off);
    buf[p] = (byte) (count >>> 8);
    buf[p + 1] = (byte) count;
    p += 2;
    for (int i = 0; i < count; i++) {
      BigEndian.putInt(buf, p, vnis[i]);
      BigEndian.putInt(buf, p + 4, addresses[i]);
      long mac = macs[i];
      for (int b = 0; b < 6; b++) {
        buf[p + 8 + b] = (byte) (mac >>> (40 - 8 * b));
      }
      p += ENTRY_LENGTH;
    }
    return length;
  }

  @Override
  void beforeDecode() {
    count = 0;
  }

  @Override
  WireError decodeBody(byte[] buf, int off, int len) {
    if (len < 2) {
      return WireError.TRUNCATED;
    }
    int n = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
    if (n > MAX_ENTRIES) {
      return WireError.FIELD_OUT_OF_RANGE;
    }
    WireError error = checkBodyLength(len, 2 + n * ENTRY_LENGTH);
    if (error != WireError.NONE) {
      return error;
    }
    int p = off + 2;
    for (int i = 0; i < n; i++) {
      int vni = BigEndian.getInt(buf, p);
      if (vni <= 0 || vni > MAX_VNI) {
        count = 0;
        return WireError.FIELD_OUT_OF_RANGE;
      }
      long mac = 0;
      for (int b = 0; b < 6; b++) {
        mac = (mac << 8) | (buf[p + 8 + b] & 0xff);
      }
      vnis[i] = vni;
      addresses[i] = BigEndian.getInt(buf, p + 4);
      macs[i] = mac;
      p += ENTRY_LENGTH;
    }
    count = n;
    return WireError.NONE;
  }

  @Override
  public String toString() {
    return "NeighborShare{cell=" + cellId() + " pod=" + podId() + " entries=" + count + "}";
  }
}
