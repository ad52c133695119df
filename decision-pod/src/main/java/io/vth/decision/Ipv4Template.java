package io.vth.decision;

import io.vth.core.addr.PrefixTranslation;
import io.vth.core.packet.IpProtocol;

/** Assembly for IPv4 packets: TTL decrement, source and destination translation, checksums. */
final class Ipv4Template {

  private static final int SOURCE = 12;
  private static final int DESTINATION = 16;
  private static final int QUOTED = 8;
  private static final int QUOTED_SOURCE = 12;
  private static final int QUOTED_DESTINATION = 16;

  private Ipv4Template() {}

  static void append(
      StringBuilder asm,
      PrefixTranslation source,
      PrefixTranslation destination,
      int protocol,
      boolean nonFirstFragment,
      boolean icmpError) {
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
    boolean quoted = icmpError && (source != null || destination != null);
    if ((fixTransport || quoted) && (source != null || destination != null)) {
      // r6 = the transport header's offset: IHL x 4, options included.
      asm.append("        ldb r6, [0]\n        and r6, 15\n        lsh r6, 2\n");
    }
    if (source != null) {
      rewrite(asm, SOURCE, source, fixTransport ? protocol : 0);
    }
    if (destination != null) {
      rewrite(asm, DESTINATION, destination, fixTransport ? protocol : 0);
    }
    if (quoted) {
      // RFC 5508: the quoted packet went the other way, so the translation of the outer source
      // applies to its destination and that of the outer destination to its source.
      if (source != null) {
        rewriteQuoted(asm, QUOTED_DESTINATION, source, "quoted_dst_done");
      }
      if (destination != null) {
        rewriteQuoted(asm, QUOTED_SOURCE, destination, "quoted_src_done");
      }
    }
  }

  /**
   * Rewrites an address of the IP header quoted in an ICMP error (at r6 + 8 + field) if it lies in
   * the translation's range, fixing the quoted header checksum, the quoted UDP checksum, and the
   * ICMP checksum, which covers all of them. A quote too short for the UDP checksum is malformed.
   */
  private static void rewriteQuoted(
      StringBuilder asm, int field, PrefixTranslation t, String done) {
    long hostMask = (1L << (32 - t.to().prefixLength())) - 1;
    long networkMask = ~hostMask & 0xffffffffL;
    int at = QUOTED + field;
    asm.append("        ldw r4, [r6 + ")
        .append(at)
        .append("]\n")
        .append("        mov r7, r4\n")
        .append("        and r7, ")
        .append(networkMask)
        .append('\n')
        .append("        jne r7, ")
        .append(t.from().network().lo())
        .append(", ")
        .append(done)
        .append('\n')
        .append("        ldi r5, ")
        .append(hostMask)
        .append('\n')
        .append("        and r5, r4\n")
        .append("        or r5, ")
        .append(t.to().network().lo())
        .append('\n')
        .append("        stw [r6 + ")
        .append(at)
        .append("], r5\n")
        .append("        ldh r2, [r6 + ")
        .append(QUOTED + 10)
        .append("]\n")
        .append("        call csum_fix [r6 + ")
        .append(QUOTED + 10)
        .append("], r4, r5, 32\n")
        .append("        ldh r3, [r6 + ")
        .append(QUOTED + 10)
        .append("]\n")
        .append("        call csum_fix [r6 + 2], r4, r5, 32\n")
        .append("        call csum_fix [r6 + 2], r2, r3, 16\n")
        // The quoted UDP checksum covers the quoted addresses too (its pseudo-header).
        .append("        ldb r1, [r6 + ")
        .append(QUOTED + 9)
        .append("]\n")
        .append("        jne r1, 17, ")
        .append(done)
        .append('\n')
        .append("        ldb r7, [r6 + ")
        .append(QUOTED)
        .append("]\n")
        .append("        and r7, 15\n        lsh r7, 2\n        add r7, r6\n")
        .append("        ldh r0, [r7 + ")
        .append(QUOTED + 6)
        .append("]\n")
        .append("        call csum_fix [r7 + ")
        .append(QUOTED + 6)
        .append("], r4, r5, 32, udp\n")
        .append("        ldh r1, [r7 + ")
        .append(QUOTED + 6)
        .append("]\n")
        .append("        call csum_fix [r6 + 2], r0, r1, 16\n")
        .append(done)
        .append(":\n");
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
