package io.vth.core.action;

import static io.vth.core.action.TestPackets.UDP;
import static io.vth.core.action.TestPackets.v4;
import static io.vth.core.action.TestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.dns.AddressRewriter;
import org.junit.jupiter.api.Test;

/** The dns_rewrite helper, with a fake DNS codec whose whole "message" is one address. */
class DnsRewriteTest {

  private static final String PROGRAM =
      """
      .const out egress vni=1 remote=10.0.0.1 port=4789 mac=02:00:00:00:00:01
      .const m4 map4 192.168.1.0/24 100.64.7.0/24
      .const m6 map6 fd00:0:0:1::/64 2001:db8:7:1::/64
          require 1, bad
          ldb r1, [0]
          rsh r1, 4
          ldi r2, 20
          jeq r1, 4, udp
          ldi r2, 40
      udp:
          call dns_rewrite r2, m4, m6, %d
          jslt r0, 0, bad
          call set_egress out
          call emit
      bad:
          call drop malformed
      """;

  private int seenMaxTtl;
  private final DnsAnswerRewriting fakeCodec = this::rewriteWholeMessage;
  private final EgressContext egress = new EgressContext();

  private int rewriteWholeMessage(
      byte[] msg, int off, int len, AddressRewriter rewriter, int maxTtl) {
    seenMaxTtl = maxTtl;
    if (len != 4 && len != 16) {
      return -1;
    }
    return rewriter.rewrite(msg, off, len) ? 1 : 0;
  }

  private int run(int maxTtl, byte[] packet, int length) {
    ActionProgram program = ActionAssembler.assemble(String.format(PROGRAM, maxTtl));
    return new ActionInterpreter(fakeCodec).run(program, packet, length, egress);
  }

  @Test
  void rewritesAnIpv4AnswerAndRecomputesTheUdpChecksum() {
    byte[] packet =
        TestPackets.ipv4(UDP, v4(10, 0, 0, 53), v4(10, 0, 0, 9), 64, v4(192, 168, 1, 10));
    byte[] expected =
        TestPackets.ipv4(UDP, v4(10, 0, 0, 53), v4(10, 0, 0, 9), 64, v4(100, 64, 7, 10));

    assertThat(run(300, packet, packet.length)).isEqualTo(ActionInterpreter.EMIT);

    assertThat(packet).isEqualTo(expected);
    assertThat(seenMaxTtl).isEqualTo(300);
  }

  @Test
  void describesTheMappingsInWords() {
    String description = ActionAssembler.assemble(String.format(PROGRAM, 300)).describe();

    assertThat(description)
        .contains(
            "rewrites DNS answers through: 192.168.1.0/24 -> 100.64.7.0/24 and "
                + "fd00:0:0:1::/64 -> 2001:db8:7:1::/64");
  }

  @Test
  void rewritesAnIpv6AnswerAndLeavesTtlAloneForZero() {
    byte[] packet =
        TestPackets.ipv6(UDP, v6("fd00::53"), v6("fd00::9"), 64, v6("fd00:0:0:1::abcd"));
    byte[] expected =
        TestPackets.ipv6(UDP, v6("fd00::53"), v6("fd00::9"), 64, v6("2001:db8:7:1::abcd"));

    assertThat(run(0, packet, packet.length)).isEqualTo(ActionInterpreter.EMIT);

    assertThat(packet).isEqualTo(expected);
    assertThat(seenMaxTtl).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void leavesUnmappedAnswersAndTheirChecksumAlone() {
    byte[] packet = TestPackets.ipv4(UDP, v4(10, 0, 0, 53), v4(10, 0, 0, 9), 64, v4(8, 8, 8, 8));
    byte[] before = packet.clone();

    assertThat(run(300, packet, packet.length)).isEqualTo(ActionInterpreter.EMIT);

    assertThat(packet).isEqualTo(before);
  }

  @Test
  void aUdpLengthBeyondThePacketGivesNegativeR0() {
    byte[] packet =
        TestPackets.ipv4(UDP, v4(10, 0, 0, 53), v4(10, 0, 0, 9), 64, v4(192, 168, 1, 10));

    assertThat(run(300, packet, packet.length - 1)).isEqualTo(DropReason.MALFORMED.code());
    assertThat(run(300, packet, 20)).isEqualTo(DropReason.MALFORMED.code());
  }

  @Test
  void aCodecThatThrowsDropsThePacketAsMalformed() {
    byte[] packet =
        TestPackets.ipv4(UDP, v4(10, 0, 0, 53), v4(10, 0, 0, 9), 64, v4(192, 168, 1, 10));
    ActionProgram program = ActionAssembler.assemble(String.format(PROGRAM, 0));
    DnsAnswerRewriting broken =
        (m, o, l, r, t) -> {
          throw new IllegalStateException("codec bug");
        };

    int result = new ActionInterpreter(broken).run(program, packet, packet.length, egress);

    assertThat(result).isEqualTo(DropReason.MALFORMED.code());
  }
}
