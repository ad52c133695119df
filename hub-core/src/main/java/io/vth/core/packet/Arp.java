package io.vth.core.packet;

/**
 * ARP for Ethernet and IPv4 (RFC 826): static accessors over the 28-byte message that follows the
 * Ethernet header, and the in-place or copying construction of a reply.
 *
 * <p>Accessors assume {@link #check(byte[], int, int)} returned {@link PacketStatus#OK}.
 */
public final class Arp {

  /** Length of an Ethernet/IPv4 ARP message. */
  public static final int LENGTH = 28;

  /** Operation code of a request. */
  public static final int OP_REQUEST = 1;

  /** Operation code of a reply. */
  public static final int OP_REPLY = 2;

  private static final int HTYPE_ETHERNET = 1;

  private Arp() {}

  /**
   * Checks that {@code buf[off, off + len)} holds an Ethernet/IPv4 ARP request or reply: TRUNCATED,
   * UNSUPPORTED (other hardware/protocol type, lengths or operation) or OK.
   */
  public static PacketStatus check(byte[] buf, int off, int len) {
    if (!Bounds.fits(buf, off, len) || len < LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    int op = operation(buf, off);
    if (Checksum.read16(buf, off) != HTYPE_ETHERNET
        || Checksum.read16(buf, off + 2) != Ethernet.TYPE_IPV4
        || buf[off + 4] != 6
        || buf[off + 5] != 4
        || (op != OP_REQUEST && op != OP_REPLY)) {
      return PacketStatus.UNSUPPORTED;
    }
    return PacketStatus.OK;
  }

  /** The operation ({@link #OP_REQUEST} or {@link #OP_REPLY}). */
  public static int operation(byte[] buf, int off) {
    return Checksum.read16(buf, off + 6);
  }

  /** The sender hardware address. */
  public static long senderMac(byte[] buf, int off) {
    return Ethernet.readMac(buf, off + 8);
  }

  /** The sender protocol (IPv4) address. */
  public static int senderIp(byte[] buf, int off) {
    return Ipv4.readInt(buf, off + 14);
  }

  /** The target hardware address (zero in a request). */
  public static long targetMac(byte[] buf, int off) {
    return Ethernet.readMac(buf, off + 18);
  }

  /** The target protocol (IPv4) address: the address being asked for in a request. */
  public static int targetIp(byte[] buf, int off) {
    return Ipv4.readInt(buf, off + 24);
  }

  /** Writes a complete ARP message at {@code off} and returns {@value #LENGTH}. */
  public static int write(
      byte[] buf, int off, int op, long senderMac, int senderIp, long targetMac, int targetIp) {
    Checksum.write16(buf, off, HTYPE_ETHERNET);
    Checksum.write16(buf, off + 2, Ethernet.TYPE_IPV4);
    buf[off + 4] = 6;
    buf[off + 5] = 4;
    Checksum.write16(buf, off + 6, op);
    Ethernet.writeMac(buf, off + 8, senderMac);
    Ipv4.writeInt(buf, off + 14, senderIp);
    Ethernet.writeMac(buf, off + 18, targetMac);
    Ipv4.writeInt(buf, off + 24, targetIp);
    return LENGTH;
  }

  /**
   * Turns the request at {@code off} into the reply that {@code ownMac} sends for the address the
   * request asked for (the requester becomes the target).
   */
  public static void toReplyInPlace(byte[] buf, int off, long ownMac) {
    writeReply(buf, off, buf, off, ownMac);
  }

  /**
   * Writes into {@code out[outOff..]} the reply to the request at {@code req[reqOff..]}, answered
   * with {@code ownMac}; returns {@value #LENGTH}. The buffers may be the same.
   */
  public static int writeReply(byte[] req, int reqOff, byte[] out, int outOff, long ownMac) {
    long requesterMac = senderMac(req, reqOff);
    int requesterIp = senderIp(req, reqOff);
    int askedIp = targetIp(req, reqOff);
    return write(out, outOff, OP_REPLY, ownMac, askedIp, requesterMac, requesterIp);
  }
}
