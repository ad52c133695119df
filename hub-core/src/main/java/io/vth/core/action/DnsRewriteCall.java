package io.vth.core.action;

import io.vth.core.packet.Checksum;

/**
 * The {@code dns_rewrite} helper: finds the DNS message in the UDP datagram at a register offset,
 * hands it to the DNS codec with a translator over the program's mappings, and recomputes the UDP
 * checksum when the message changed.
 */
final class DnsRewriteCall {

  /** Result when the UDP header or the IP header around it does not fit the packet. */
  static final long BAD_DATAGRAM = -1;

  /** Result when the DNS codec broke its contract by throwing: the packet must be dropped. */
  static final long CODEC_FAILED = Long.MIN_VALUE;

  private static final int UDP = 17;

  private final DnsAnswerRewriting dns;
  private final PrefixTranslator translator = new PrefixTranslator();

  DnsRewriteCall(DnsAnswerRewriting dns) {
    this.dns = dns;
  }

  /**
   * Rewrites the DNS answers of the UDP datagram at {@code udpOffset}; returns the codec's count
   * (or its negative malformed result), {@link #BAD_DATAGRAM} or {@link #CODEC_FAILED}.
   */
  long run(byte[] packet, int length, long udpOffset, byte[] pool, int map4, int map6, int ttl) {
    if (length < 20) {
      return BAD_DATAGRAM;
    }
    int ipHeader = (packet[0] & 0xf0) == 0x40 ? 20 : (packet[0] & 0xf0) == 0x60 ? 40 : -1;
    if (ipHeader < 0 || length < ipHeader || udpOffset < ipHeader || udpOffset > length - 8) {
      return BAD_DATAGRAM;
    }
    int udp = (int) udpOffset;
    int udpLength = Checksum.read16(packet, udp + 4);
    if (udpLength < 8 || udpLength > length - udp) {
      return BAD_DATAGRAM;
    }
    translator.point(pool, map4, map6);
    int count;
    try {
      count =
          dns.rewrite(
              packet, udp + 8, udpLength - 8, translator, ttl == 0 ? Integer.MAX_VALUE : ttl);
    } catch (RuntimeException e) {
      return CODEC_FAILED;
    }
    // A negative result may follow a partial rewrite, so the checksum is redone for any change.
    if (count != 0) {
      recomputeUdpChecksum(packet, ipHeader == 20, udp, udpLength);
    }
    return count;
  }

  private static void recomputeUdpChecksum(byte[] packet, boolean ipv4, int udp, int udpLength) {
    int field = udp + 6;
    if (ipv4 && Checksum.read16(packet, field) == 0) {
      return;
    }
    long sum = ipv4 ? Checksum.sum(packet, 12, 8, 0) : Checksum.sum(packet, 8, 32, 0);
    sum += UDP + udpLength;
    Checksum.write16(packet, field, 0);
    int checksum = ~Checksum.fold(Checksum.sum(packet, udp, udpLength, sum)) & 0xffff;
    Checksum.write16(packet, field, checksum == 0 ? 0xffff : checksum);
  }
}
