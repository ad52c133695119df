package io.vth.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever arrives, decoding answers with a reason and never throws. */
class GarbageInputTest {

  private static final List<byte[]> VALID =
      List.of(
          WireSamples.query(),
          WireSamples.generationChange(),
          WireSamples.healthProbe(),
          WireSamples.healthReply(),
          WireSamples.encoded(WireSamples.forwardReply(1, 200)::encode),
          WireSamples.segments(WireSamples.forwardReply(2, 3000), 1400).get(1));

  private final WireReader reader = new WireReader(WireSamples.CELL);

  @Provide
  Arbitrary<byte[]> validMessages() {
    return Arbitraries.of(VALID);
  }

  @Property(tries = 500)
  void randomBytesAreRejectedWithoutThrowing(@ForAll @Size(max = 2000) byte[] bytes) {
    assertThat(reader.read(bytes, 0, bytes.length)).isNotNull();
  }

  @Property(tries = 600)
  void damagedValidMessagesNeverThrow(
      @ForAll("validMessages") byte[] valid,
      @ForAll @IntRange(max = 1400) int position,
      @ForAll byte value,
      @ForAll @IntRange(min = -3, max = 3) int lengthChange) {
    byte[] damaged = Arrays.copyOf(valid, Math.max(0, valid.length + lengthChange));
    if (position < damaged.length) {
      damaged[position] = value;
    }

    WireError error = reader.read(damaged, 0, damaged.length);

    if (error == WireError.NONE && reader.type() != MessageType.ACTION_REPLY) {
      byte[] reencoded = new byte[damaged.length];
      assertThat(encode(reader.message(), reencoded)).isEqualTo(damaged.length);
      assertThat(reencoded).as("accepted messages have one encoding").isEqualTo(damaged);
    }
    boolean onlyLengthChanged =
        position >= Math.min(valid.length, damaged.length) || damaged[position] == valid[position];
    if (lengthChange != 0 && onlyLengthChanged) {
      assertThat(error).isIn(WireError.TRUNCATED, WireError.TRAILING_BYTES);
    }
  }

  private static int encode(WireMessage message, byte[] buf) {
    if (message instanceof ActionQuery query) {
      return query.encode(buf, 0);
    }
    if (message instanceof GenerationChange change) {
      return change.encode(buf, 0);
    }
    if (message instanceof HealthProbe probe) {
      return probe.encode(buf, 0);
    }
    return ((HealthReply) message).encode(buf, 0);
  }
}
