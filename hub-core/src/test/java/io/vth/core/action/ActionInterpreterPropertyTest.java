package io.vth.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.dns.AddressRewriter;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The interpreter's safety promise: for any program the verifier accepts, on any bytes of any
 * length, it returns EMIT or a known drop code, never throws, and never writes outside the packet.
 */
class ActionInterpreterPropertyTest {

  /** A DNS codec stand-in that offers a few in-range slices of the message to the rewriter. */
  private static int fakeCodec(byte[] msg, int off, int len, AddressRewriter rewriter, int maxTtl) {
    int count = 0;
    for (int at = off; at + 16 <= off + len && count < 3; at += 7) {
      count += rewriter.rewrite(msg, at, (at & 1) == 0 ? 4 : 16) ? 1 : 0;
    }
    return len % 5 == 0 ? -1 : count;
  }

  private final ActionInterpreter interpreter =
      new ActionInterpreter(ActionInterpreterPropertyTest::fakeCodec);
  private final EgressContext egress = new EgressContext();

  @Property(tries = 400)
  void verifiedProgramsNeverThrowNorWriteOutsideThePacket(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 8) int packets) {
    Random rnd = new Random(seed);
    ActionProgram program;
    try {
      program = ActionVerifier.verify(RandomPrograms.generate(rnd));
    } catch (ActionRejectedException rejected) {
      return;
    }
    for (int i = 0; i < packets; i++) {
      byte[] packet = new byte[rnd.nextInt(120)];
      rnd.nextBytes(packet);
      if (packet.length > 0 && rnd.nextBoolean()) {
        packet[0] = (byte) (rnd.nextBoolean() ? 0x45 : 0x60);
      }
      int length = packet.length == 0 ? 0 : rnd.nextInt(packet.length + 1);
      byte[] tail = Arrays.copyOfRange(packet, length, packet.length);

      int result = interpreter.run(program, packet, length, egress);

      assertThat(result == ActionInterpreter.EMIT || DropReason.ofCode(result) != null).isTrue();
      assertThat(result != ActionInterpreter.EMIT || egress.isSet()).isTrue();
      assertThat(Arrays.copyOfRange(packet, length, packet.length)).isEqualTo(tail);
    }
  }

  @Property(tries = 200)
  void verifiedProgramsSurviveDisassemblyAndReassembly(@ForAll long seed) {
    ActionProgram program;
    try {
      program = ActionVerifier.verify(RandomPrograms.generate(new Random(seed)));
    } catch (ActionRejectedException rejected) {
      return;
    }

    assertThat(ActionAssembler.assemble(program.disassemble()).encode())
        .isEqualTo(program.encode());
  }

  @Property(tries = 500)
  void arbitraryBytesAreRejectedWithAReasonNeverAnotherException(
      @ForAll byte[] tail, @ForAll boolean header) {
    byte[] encoded = tail;
    if (header) {
      encoded = new byte[8 + tail.length];
      encoded[0] = 'V';
      encoded[1] = 'A';
      encoded[2] = 1;
      encoded[5] = (byte) Math.min(tail.length / 8, 255);
      encoded[6] = (byte) (tail.length % 3);
      System.arraycopy(tail, 0, encoded, 8, tail.length);
    }
    try {
      ActionVerifier.verify(encoded);
    } catch (ActionRejectedException expected) {
      assertThat(expected.reason()).isNotNull();
    }
  }

  @Example
  void mostGeneratedProgramsPassTheVerifierSoThePropertiesTestSomething() {
    Random rnd = new Random(42);
    int verified = 0;
    for (int i = 0; i < 500; i++) {
      try {
        ActionVerifier.verify(RandomPrograms.generate(rnd));
        verified++;
      } catch (ActionRejectedException rejected) {
        // counted by not counting
      }
    }
    assertThat(verified).isGreaterThan(150);
  }
}
