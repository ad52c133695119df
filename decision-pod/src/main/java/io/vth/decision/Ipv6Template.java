package io.vth.decision;

import io.vth.core.addr.PrefixTranslation;
import io.vth.core.packet.IpProtocol;

/**
 * Assembly for IPv6 packets: hop limit decrement, and translation of prefixes up to /64 (the
 * interface identifier is kept, as RFC 6296-style prefix translation does) for packets whose
 * transport header follows the fixed header directly; others are dropped as malformed.
 */
final class Ipv6Template {

  private static final int SOURCE_HI = 8;
  private static final int DESTINATION_HI = 24;
  private static final int HEADER = 40;

  private Ipv6Template() {}

  static void append(
      StringBuilder asm,
      PrefixTranslation source,
      PrefixTranslation destination,
      int protocol,
      boolean nonFirstFragment) {
    asm.append(
        """
                require 40, malformed
                ldb r1, [7]
                jle r1, 1, expired
                sub r1, 1
                stb [7], r1
        """);
    if (source == null && destination == null) {
      return;
    }
    int checksum = checksumOffset(protocol);
    if (checksum > 0) {
      // Translation fixes the transport checksum, so the transport header must follow directly.
      asm.append("        ldb r1, [6]\n        jne r1, ").append(protocol).append(", malformed\n");
      asm.append("        require ").append(HEADER + checksum + 2).append(", malformed\n");
    }
    if (source != null) {
      rewrite(asm, SOURCE_HI, source, checksum);
    }
    if (destination != null) {
      rewrite(asm, DESTINATION_HI, destination, checksum);
    }
  }

  private static int checksumOffset(int protocol) {
    return switch (protocol) {
      case IpProtocol.TCP -> 16;
      case IpProtocol.UDP -> 6;
      case IpProtocol.ICMPV6 -> 2;
      default -> 0;
    };
  }

  private static void rewrite(StringBuilder asm, int field, PrefixTranslation t, int checksum) {
    int length = t.to().prefixLength();
    if (length > 64) {
      throw new IllegalArgumentException(
          "IPv6 translation " + t + " is longer than /64, which the data plane does not translate");
    }
    long hostMask = length == 0 ? -1L : (1L << (64 - length)) - 1;
    long toHi = t.to().network().hi();
    asm.append("        ldd r4, [").append(field).append("]\n");
    load64(asm, "r5", hostMask);
    asm.append("        and r5, r4\n");
    load64(asm, "r7", toHi);
    asm.append("        or r5, r7\n").append("        std [").append(field).append("], r5\n");
    if (checksum > 0) {
      asm.append("        call csum_fix [")
          .append(HEADER + checksum)
          .append("], r4, r5, 64")
          .append(checksum == 6 ? ", udp\n" : "\n");
    }
  }

  private static void load64(StringBuilder asm, String reg, long value) {
    asm.append("        ldi ")
        .append(reg)
        .append(", ")
        .append(value & 0xffffffffL)
        .append('\n')
        .append("        ldhi ")
        .append(reg)
        .append(", ")
        .append(value >>> 32)
        .append('\n');
  }
}
