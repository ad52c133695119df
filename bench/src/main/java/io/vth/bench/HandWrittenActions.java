package io.vth.bench;

import io.vth.core.action.ActionInterpreter;
import io.vth.core.action.DropReason;
import io.vth.core.dns.AddressRewriter;
import io.vth.core.dns.DnsRewriter;
import io.vth.core.packet.AddressRewrite;
import io.vth.core.packet.Checksum;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;

/**
 * The baseline for {@link ActionBenchmark}: each action program written directly in Java with
 * hub-core's {@link AddressRewrite}, same checks, same bytes out, same drop codes.
 */
final class HandWrittenActions {

  private static final int MALFORMED = DropReason.MALFORMED.code();
  private static final int POLICY = DropReason.POLICY.code();
  private static final int TTL_EXPIRED = DropReason.TTL_EXPIRED.code();

  /** 192.168.1.0/24 -> 100.64.7.0/24 for A answers. */
  private static final AddressRewriter MAP4 =
      (buf, off, length) -> {
        if (length != 4) {
          return false;
        }
        int address = Ipv4.readInt(buf, off);
        if ((address & 0xffffff00) != 0xc0a80100) {
          return false;
        }
        Ipv4.writeInt(buf, off, 0x64400700 | (address & 0xff));
        return true;
      };

  /** Where the packet goes: what {@code set_egress} fills for the programs. */
  static final class Egress {
    int vni;
    int remote;
    int port;
    final byte[] mac = new byte[6];

    void set(int vni, int remote, int port, byte[] mac) {
      this.vni = vni;
      this.remote = remote;
      this.port = port;
      System.arraycopy(mac, 0, this.mac, 0, 6);
    }
  }

  private static final byte[] NEXT_HOP = {0x02, 0x00, 0x5e, 0x00, 0x53, 0x01};

  private HandWrittenActions() {}

  /** {@link ActionPrograms#FORWARD}. */
  static int forward(byte[] p, int len, Egress egress) {
    if (len < 20 || p[0] != 0x45) {
      return MALFORMED;
    }
    if (Ipv4.ttl(p, 0) <= 1) {
      return TTL_EXPIRED;
    }
    AddressRewrite.decrementTtl(p, 0);
    egress.set(7001, 0x0a140002, 4789, NEXT_HOP);
    return ActionInterpreter.EMIT;
  }

  /** {@link ActionPrograms#SNAT}. */
  static int snat(byte[] p, int len, Egress egress) {
    if (len < 40 || p[0] != 0x45) {
      return MALFORMED;
    }
    if (Ipv4.source(p, 0) != 0xc0a8010a) {
      return POLICY;
    }
    if (Ipv4.ttl(p, 0) <= 1) {
      return TTL_EXPIRED;
    }
    AddressRewrite.decrementTtl(p, 0);
    AddressRewrite.ipv4Source(p, 0, len, 0x6440070a);
    egress.set(7001, 0x0a140002, 4789, NEXT_HOP);
    return ActionInterpreter.EMIT;
  }

  /** {@link ActionPrograms#DNS}. */
  static int dns(byte[] p, int len, Egress egress) {
    if (len < 28 || p[0] != 0x45) {
      return MALFORMED;
    }
    if (Ipv4.ttl(p, 0) <= 1) {
      return TTL_EXPIRED;
    }
    AddressRewrite.decrementTtl(p, 0);
    int udpLength = Checksum.read16(p, 24);
    if (udpLength < 8 || udpLength > len - 20) {
      return MALFORMED;
    }
    int rewritten = DnsRewriter.rewriteAnswers(p, 28, udpLength - 8, MAP4, 30);
    if (rewritten != 0) {
      recomputeUdpChecksum(p, udpLength);
    }
    if (rewritten < 0) {
      return MALFORMED;
    }
    egress.set(7001, 0x0a140002, 4789, NEXT_HOP);
    return ActionInterpreter.EMIT;
  }

  private static void recomputeUdpChecksum(byte[] p, int udpLength) {
    if (Checksum.read16(p, 26) == 0) {
      return;
    }
    long sum = Checksum.sum(p, 12, 8, 0) + IpProtocol.UDP + udpLength;
    Checksum.write16(p, 26, 0);
    int checksum = ~Checksum.fold(Checksum.sum(p, 20, udpLength, sum)) & 0xffff;
    Checksum.write16(p, 26, checksum == 0 ? 0xffff : checksum);
  }
}
