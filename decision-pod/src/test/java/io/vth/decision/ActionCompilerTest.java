package io.vth.decision;

import static io.vth.decision.Figure21.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.action.ActionInterpreter;
import io.vth.core.action.ActionProgram;
import io.vth.core.action.ActionVerifier;
import io.vth.core.action.DropReason;
import io.vth.core.action.EgressContext;
import io.vth.core.flow.FlowKey;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.L4Checksum;
import io.vth.core.packet.Tcp;
import io.vth.core.packet.Udp;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Compiled programs verify, forward with the TTL decremented, translate, and leave checksums equal
 * to a full recomputation.
 */
class ActionCompilerTest {

  private final DecisionTables tables = DecisionTables.compile(Figure21.config(1));
  private final ActionCompiler compiler = new ActionCompiler();
  private final ActionInterpreter interpreter = new ActionInterpreter((m, o, l, r, t) -> 0);

  static byte[] ipv4(int protocol, int src, int dst, int ttl, int payload) {
    int l4 = protocol == 6 ? 20 : 8;
    byte[] p = new byte[20 + l4 + payload];
    Ipv4.writeHeader(p, 0, p.length, 7, 0, ttl, protocol, src, dst);
    if (protocol == 6) {
      Tcp.writeHeader(p, 20, 40000, 80, 1, 2, 0x18, 1000);
    } else {
      Udp.writeHeader(p, 20, 40000, 53, l4 + payload);
    }
    for (int i = 20 + l4; i < p.length; i++) {
      p[i] = (byte) (i * 7);
    }
    L4Checksum.writeIpv4(p, 0, protocol, 20, l4 + payload);
    return p;
  }

  private ActionProgram programFor(byte[] packet, int vni) {
    FlowKey key =
        new FlowKey()
            .setIpv4(
                vni,
                Ipv4.protocol(packet, 0),
                Ipv4.source(packet, 0),
                Ipv4.destination(packet, 0),
                40000,
                80);
    ActionProgram program = compiler.compile(Decider.decide(tables, key), key);
    // What the dataplane does with the bytes it receives: verify them again.
    return ActionVerifier.verify(program.encode());
  }

  @Test
  void forwardingDecrementsTheTtlAndSetsTheEgress() {
    byte[] packet = ipv4(6, ip("10.10.1.10"), ip("21.12.1.7"), 64, 10);
    EgressContext egress = new EgressContext();
    int result = interpreter.run(programFor(packet, Figure21.VNI_B), packet, packet.length, egress);
    assertThat(result).isEqualTo(ActionInterpreter.EMIT);
    assertThat(Ipv4.ttl(packet, 0)).isEqualTo(63);
    assertThat(Ipv4.verifyHeaderChecksum(packet, 0)).isTrue();
    assertThat(egress.vni()).isEqualTo(Figure21.VNI_C);
    assertThat(egress.remoteIpv4()).isEqualTo(ip("10.254.0.10"));
    assertThat(egress.udpPort()).isEqualTo(4789);
  }

  @Test
  void sourceTranslationRewritesAndFixesEveryChecksum() {
    for (int protocol : new int[] {6, 17}) {
      byte[] packet = ipv4(protocol, ip("192.168.1.10"), ip("10.10.1.10"), 64, 33);
      interpreter.run(
          programFor(packet, Figure21.VNI_A), packet, packet.length, new EgressContext());
      byte[] expected = ipv4(protocol, ip("100.64.7.10"), ip("10.10.1.10"), 63, 33);
      assertThat(packet).as("protocol %d", protocol).isEqualTo(expected);
    }
  }

  @Test
  void destinationTranslationRewritesBackToTheRealAddress() {
    byte[] packet = ipv4(17, ip("10.10.1.10"), ip("100.64.7.99"), 10, 5);
    EgressContext egress = new EgressContext();
    interpreter.run(programFor(packet, Figure21.VNI_B), packet, packet.length, egress);
    assertThat(packet).isEqualTo(ipv4(17, ip("10.10.1.10"), ip("192.168.1.99"), 9, 5));
    assertThat(egress.vni()).isEqualTo(Figure21.VNI_A);
  }

  @Test
  void aZeroUdpChecksumStaysZero() {
    byte[] packet = ipv4(17, ip("192.168.1.10"), ip("10.10.1.10"), 64, 5);
    packet[26] = 0;
    packet[27] = 0;
    interpreter.run(programFor(packet, Figure21.VNI_A), packet, packet.length, new EgressContext());
    assertThat(Arrays.copyOfRange(packet, 26, 28)).containsExactly(0, 0);
  }

  /** An ICMP port unreachable from {@code src} to {@code dst} quoting {@code quoted}. */
  static byte[] portUnreachable(int src, int dst, byte[] quoted) {
    int quotedLength = Math.min(quoted.length, 28);
    byte[] p = new byte[20 + 8 + quotedLength];
    Ipv4.writeHeader(p, 0, p.length, 9, 0, 64, 1, src, dst);
    p[20] = 3;
    p[21] = 3;
    System.arraycopy(quoted, 0, p, 28, quotedLength);
    io.vth.core.packet.Checksum.write16(
        p, 22, io.vth.core.packet.Checksum.compute(p, 20, p.length - 20));
    return p;
  }

  @Test
  void anIcmpErrorFromATranslatedNetworkHasItsQuotedHeaderTranslatedToo() {
    // B sent UDP to A's translated address; the hub delivered it to A's real 192.168.1.10.
    byte[] asDelivered = ipv4(17, ip("10.10.1.10"), ip("192.168.1.10"), 63, 4);
    byte[] error = portUnreachable(ip("192.168.1.10"), ip("10.10.1.10"), asDelivered);
    FlowKey key =
        new FlowKey()
            .setIpv4(Figure21.VNI_A, 1, ip("192.168.1.10"), ip("10.10.1.10"), 0, 3 << 8 | 3);
    ActionProgram program =
        ActionVerifier.verify(compiler.compile(Decider.decide(tables, key), key).encode());

    assertThat(interpreter.run(program, error, error.length, new EgressContext()))
        .isEqualTo(ActionInterpreter.EMIT);

    // What B's kernel needs to match the error to its socket: its own packet, as it sent it.
    byte[] asSent = ipv4(17, ip("10.10.1.10"), ip("100.64.7.10"), 63, 4);
    byte[] expected = portUnreachable(ip("100.64.7.10"), ip("10.10.1.10"), asSent);
    expected[8] = 63;
    Ipv4.writeHeaderChecksum(expected, 0);
    assertThat(error).isEqualTo(expected);
  }

  @Test
  void ttlOneIsDroppedAsExpired() {
    byte[] packet = ipv4(6, ip("10.10.1.10"), ip("21.12.1.7"), 1, 0);
    assertThat(
            interpreter.run(
                programFor(packet, Figure21.VNI_B), packet, packet.length, new EgressContext()))
        .isEqualTo(DropReason.TTL_EXPIRED.code());
  }

  @Test
  void flowsOfTheSameShapeShareOneProgram() {
    for (int host = 1; host < 50; host++) {
      byte[] packet = ipv4(6, ip("10.10.1." + host), ip("21.12.1." + host), 64, 0);
      programFor(packet, Figure21.VNI_B);
    }
    assertThat(compiler.size()).isEqualTo(1);
  }
}
