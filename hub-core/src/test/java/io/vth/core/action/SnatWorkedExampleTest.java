package io.vth.core.action;

import static io.vth.core.action.TestPackets.TCP;
import static io.vth.core.action.TestPackets.v4;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's worked example: source translation of an IPv4 TCP packet, forwarded to VNI 7001. */
class SnatWorkedExampleTest {

  private static final byte[] PAYLOAD =
      "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private ActionProgram program;
  private final ActionInterpreter interpreter = new ActionInterpreter((m, o, l, r, t) -> 0);
  private final EgressContext egress = new EgressContext();

  @BeforeEach
  void assemble() throws IOException {
    program = ActionAssembler.assemble(exampleText());
  }

  static String exampleText() throws IOException {
    try (InputStream in = SnatWorkedExampleTest.class.getResourceAsStream("snat-example.vasm")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void rewritesSourceDecrementsTtlAndFixesBothChecksums() {
    byte[] packet = TestPackets.ipv4(TCP, v4(192, 168, 1, 10), v4(203, 0, 113, 5), 64, PAYLOAD);
    byte[] expected = TestPackets.ipv4(TCP, v4(100, 64, 7, 10), v4(203, 0, 113, 5), 63, PAYLOAD);

    int result = interpreter.run(program, packet, packet.length, egress);

    assertThat(result).isEqualTo(ActionInterpreter.EMIT);
    assertThat(packet).isEqualTo(expected);
    assertThat(egress.isSet()).isTrue();
    assertThat(egress.vni()).isEqualTo(7001);
    assertThat(egress.remoteIpv4()).isEqualTo(0x0a140002);
    assertThat(egress.udpPort()).isEqualTo(4789);
    assertThat(egress.nextHopMac()).containsExactly(0x02, 0x00, 0x5e, 0x00, 0x53, 0x01);
  }

  @Test
  void dropsWhenTtlWouldExpire() {
    byte[] packet = TestPackets.ipv4(TCP, v4(192, 168, 1, 10), v4(203, 0, 113, 5), 1, PAYLOAD);
    byte[] before = packet.clone();

    int result = interpreter.run(program, packet, packet.length, egress);

    assertThat(DropReason.ofCode(result)).isEqualTo(DropReason.TTL_EXPIRED);
    assertThat(packet).isEqualTo(before);
  }

  @Test
  void dropsOtherSourcesAsPolicyAndShortPacketsAsMalformed() {
    byte[] other = TestPackets.ipv4(TCP, v4(192, 168, 1, 11), v4(203, 0, 113, 5), 64, PAYLOAD);
    assertThat(DropReason.ofCode(interpreter.run(program, other, other.length, egress)))
        .isEqualTo(DropReason.POLICY);
    assertThat(DropReason.ofCode(interpreter.run(program, other, 39, egress)))
        .isEqualTo(DropReason.MALFORMED);
  }

  @Test
  void runsWithoutAllocating() {
    byte[] original = TestPackets.ipv4(TCP, v4(192, 168, 1, 10), v4(203, 0, 113, 5), 64, PAYLOAD);
    byte[] packet = original.clone();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20_000; i++) {
      System.arraycopy(original, 0, packet, 0, packet.length);
      interpreter.run(program, packet, packet.length, egress);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    int emitted = 0;
    for (int i = 0; i < 20_000; i++) {
      System.arraycopy(original, 0, packet, 0, packet.length);
      emitted +=
          interpreter.run(program, packet, packet.length, egress) == ActionInterpreter.EMIT ? 1 : 0;
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(emitted).isEqualTo(20_000);
    assertThat(before).as("allocation counting is supported").isPositive();
    assertThat(allocated).isLessThan(1024);
  }

  @Test
  void disassemblyReassemblesToTheSameBytes() {
    String text = program.disassemble();

    assertThat(ActionAssembler.assemble(text).encode()).isEqualTo(program.encode());
    assertThat(text).contains("call csum_fix [36], r4, r5, 32").contains("L18:");
  }

  @Test
  void describesTheActionInWords() {
    String description = program.describe();

    assertThat(description)
        .contains("forwards to: vni=7001 remote=10.20.0.2 port=4789 mac=02:00:5e:00:53:01")
        .contains("drops as: malformed, policy, ttl_expired")
        .contains("rewrites packet bytes: 12..15, 8")
        .contains("fixes checksums at: [10], [36]");
  }

  @Test
  void fitsInOneSmallDatagram() {
    assertThat(program.encode().length).isLessThan(256);
    assertThat(Arrays.copyOf(program.encode(), 2)).containsExactly('V', 'A');
  }
}
