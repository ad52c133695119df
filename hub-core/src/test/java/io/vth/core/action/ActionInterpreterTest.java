package io.vth.core.action;

import static io.vth.core.action.TestPackets.TCP;
import static io.vth.core.action.TestPackets.UDP;
import static io.vth.core.action.TestPackets.v4;
import static io.vth.core.action.TestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.packet.Checksum;
import org.junit.jupiter.api.Test;

/** What each instruction does to registers and packet bytes, and how out-of-packet accesses end. */
class ActionInterpreterTest {

  private static final String OUT =
      ".const out egress vni=1 remote=10.0.0.1 port=4789 mac=02:00:00:00:00:01\n";
  private static final String EMIT = "call set_egress out\ncall emit\n";

  private final ActionInterpreter interpreter = new ActionInterpreter((m, o, l, r, t) -> 0);
  private final EgressContext egress = new EgressContext();

  private int run(String body, byte[] packet, int length) {
    return interpreter.run(ActionAssembler.assemble(OUT + body), packet, length, egress);
  }

  private byte[] runToBytes(String body, int length) {
    byte[] packet = new byte[length];
    assertThat(run(body, packet, length)).isEqualTo(ActionInterpreter.EMIT);
    return packet;
  }

  @Test
  void ldhiAndLdiBuildA64BitConstantStoredBigEndian() {
    byte[] p =
        runToBytes(
            "require 8, x\nldi r1, 0x89abcdef\nldhi r1, 0x01234567\nstd [0], r1\n"
                + EMIT
                + "x: call drop malformed",
            8);

    assertThat(p).containsExactly(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);
  }

  @Test
  void immediatesAreZeroExtendedAndArithmeticIs64Bit() {
    byte[] p =
        runToBytes(
            "require 16, x\nldi r1, 5\nsub r1, 7\nstd [0], r1\nldi r2, 0xffffffff\nadd r2, 1\nstd [8], r2\n"
                + EMIT
                + "x: call drop malformed",
            16);

    assertThat(p)
        .containsExactly(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 1, 0, 0, 0, 0);
  }

  @Test
  void signedAndUnsignedComparisonsDisagreeOnNegativeNumbers() {
    String body =
        "require 2, x\nldi r1, 0\nsub r1, 1\nldi r2, 0\n"
            + "jslt r1, 0, s\nja x\ns: ldi r3, 1\nstb [0], r3\n"
            + "jgt r1, 0xffffffff, u\nja x\nu: stb [1], r3\n"
            + EMIT
            + "x: call drop policy";

    assertThat(runToBytes(body, 2)).containsExactly(1, 1);
  }

  @Test
  void registerShiftCountsAreTakenModulo64() {
    byte[] p =
        runToBytes(
            "require 8, x\nldi r1, 1\nldi r2, 65\nlsh r1, r2\n" // 1 << (65 mod 64)
                + "ldi r3, 0\nsub r3, 1\nldi r4, 60\narsh r3, r4\nxor r1, r3\nstd [0], r1\n"
                + EMIT
                + "x: call drop malformed",
            8);

    assertThat(p).containsExactly(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd);
  }

  @Test
  void requireJumpsWhenThePacketIsShorter() {
    String body = "require 20, short\n" + EMIT + "short: call drop malformed";

    assertThat(run(body, new byte[20], 19)).isEqualTo(DropReason.MALFORMED.code());
    assertThat(run(body, new byte[20], 20)).isEqualTo(ActionInterpreter.EMIT);
  }

  @Test
  void indexedAccessFollowsTheIpv4HeaderLength() {
    byte[] packet = TestPackets.ipv4(TCP, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 64, new byte[0]);
    String body =
        "require 1, x\nldb r1, [0]\nand r1, 15\nlsh r1, 2\nldh r2, [r1 + 2]\njne r2, 443, x\n"
            + EMIT
            + "x: call drop policy";

    assertThat(run(body, packet, packet.length)).isEqualTo(ActionInterpreter.EMIT);
  }

  @Test
  void indexedAccessOutsideThePacketDropsAsMalformed() {
    byte[] packet = new byte[64];
    String far = "ldi r1, 40\nldw r2, [r1 + 1]\n" + EMIT;
    String negative = "ldi r1, 0\nsub r1, 1\nstb [r1 + 0], r1\n" + EMIT;
    String overflow = "ldi r1, 0xffffffff\nldhi r1, 0x7fffffff\ncopy [r1 + 0xffff], out6\n" + EMIT;

    assertThat(run(far, packet, 44)).isEqualTo(DropReason.MALFORMED.code());
    assertThat(run(far, packet, 45)).isEqualTo(ActionInterpreter.EMIT);
    assertThat(run(negative, packet, 64)).isEqualTo(DropReason.MALFORMED.code());
    assertThat(run(".const out6 ipv6 ::1\n" + overflow, packet, 64))
        .isEqualTo(DropReason.MALFORMED.code());
  }

  @Test
  void aLengthTheArrayCannotHoldIsMalformed() {
    String body = EMIT;

    assertThat(run(body, new byte[10], 11)).isEqualTo(DropReason.MALFORMED.code());
    assertThat(run(body, new byte[10], -1)).isEqualTo(DropReason.MALFORMED.code());
    assertThat(run(body, null, 0)).isEqualTo(DropReason.MALFORMED.code());
    assertThat(egress.isSet()).isFalse();
  }

  @Test
  void ipv6DestinationTranslationWithCopyAnd64BitChecksumFixes() {
    byte[] packet =
        TestPackets.ipv6(TCP, v6("2001:db8::5"), v6("2001:db8::1"), 64, new byte[] {1, 2, 3});
    byte[] expected =
        TestPackets.ipv6(TCP, v6("2001:db8::5"), v6("fd00::7"), 64, new byte[] {1, 2, 3});
    String body =
        ".const new ipv6 fd00::7\nrequire 60, x\nldd r1, [24]\nldd r2, [32]\ncopy [24], new\n"
            + "ldd r3, [24]\nldd r4, [32]\ncall csum_fix [56], r1, r3, 64\ncall csum_fix [56], r2, r4, 64\n"
            + EMIT
            + "x: call drop malformed";

    assertThat(run(body, packet, packet.length)).isEqualTo(ActionInterpreter.EMIT);
    assertThat(packet).isEqualTo(expected);
  }

  @Test
  void udpChecksumZeroMeansNoneAndStaysZero() {
    String body =
        "require 28, x\nldw r1, [12]\nldi r2, 0x0a000063\nstw [12], r2\ncall csum_fix [10], r1, r2, 32\n"
            + "ldi r3, 20\ncall csum_fix [r3 + 6], r1, r2, 32, udp\n"
            + EMIT
            + "x: call drop malformed";
    byte[] withSum = TestPackets.ipv4(UDP, v4(10, 0, 0, 1), v4(10, 0, 0, 2), 9, new byte[] {7, 7});
    byte[] withoutSum = withSum.clone();
    Checksum.write16(withoutSum, 26, 0);

    run(body, withSum, withSum.length);
    run(body, withoutSum, withoutSum.length);

    byte[] expected =
        TestPackets.ipv4(UDP, v4(10, 0, 0, 99), v4(10, 0, 0, 2), 9, new byte[] {7, 7});
    assertThat(withSum).isEqualTo(expected);
    assertThat(Checksum.read16(withoutSum, 26)).isZero();
    assertThat(Checksum.compute(withoutSum, 0, 20)).isZero();
  }

  @Test
  void egressIsClearedBetweenRuns() {
    run(EMIT, new byte[1], 1);
    assertThat(egress.isSet()).isTrue();

    run("call drop no_route", new byte[1], 1);

    assertThat(egress.isSet()).isFalse();
  }
}
