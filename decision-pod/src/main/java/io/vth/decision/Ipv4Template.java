package io.vth.decision;

import io.vth.core.addr.PrefixTranslation;
import io.vth.core.packet.IpProtocol;

/** Assembly for IPv4 packets: TTL decrement, source and destination translation, checksums. */
final class Ipv4Template {

  private static final int SOURCE = 12;
  private static final int DESTINATION = 16;

  private Ipv4Template() {}

  static void append(
      StringBuilder asm,
      PrefixTranslation source,
      PrefixTranslation destination,
      int protocol,
      boolean nonFirstFragment) {
    asm.append(
        """
                require 20, malformed
                ldb r1, [8]
                jle r1, 1, expired
                ldh r2, [8]
                sub r1, 1
                stb [8], r1
                ldh r3, [8]
                call csum_fix [10], r2, r3, 16
        """);
    boolean fixTransport =
        !nonFirstFragment && (protocol == IpProtocol.TCP || protocol == IpProtocol.UDP);
    if (fixTransport && (source != null || destination != null)) {
      // r6 = the transport header's offset: IHL x 4, options included.
      asm.append("        ldb r6, [0]\n        and r6, 15\n        lsh r6, 2\n");
    }
    if (source != null) {
      rewrite(asm, SOURCE, source, fixTransport ? protocol : 0);
    }
    if (destination != null) {
      rewrite(asm, DESTINATION, destination, fixTransport ? protocol : 0);
    }
  }

  /** Rewrites the address at {@code field} through {@code t}, fixing the checksums it is in. */
  private static void rewrite(StringBuilder asm, int field, PrefixTranslation t, int protocol) {
    long hostMask = (1L << (32 - t.to().prefixLength())) - 1;
    long toNetwork = t.to().network().lo();
    asm.append("        ldw r4, [")
        .append(field)
        .append("]\n")
        .append("        ldi r5, ")
        .append(hostMask)
        .append('\n')
        .append("        and r5, r4\n")
        .append("        or r5, ")
        .append(toNetwork)
        .append('\n')
        .append("        stw [")
        .append(field)
        .append("], r5\n")
        .append("        call csum_fix [10], r4, r5, 32\n");
    if (protocol == IpProtocol.TCP) {
      asm.append("        call csum_fix [r6 + 16], r4, r5, 32\n");
    } else if (protocol == IpProtocol.UDP) {
      asm.append("        call csum_fix [r6 + 6], r4, r5, 32, udp\n");
    }
  }
}
