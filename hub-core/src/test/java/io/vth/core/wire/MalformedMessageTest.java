package io.vth.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every decoder rejects a damaged message of every type with the specific reason. */
class MalformedMessageTest {

  /** A valid encoded message and a fresh holder of its type. */
  record Sample(String name, byte[] bytes, Supplier<WireMessage> holder) {
    @Override
    public String toString() {
      return name;
    }

    WireError decode(byte[] buf, int len) {
      return holder.get().decode(buf, 0, len);
    }

    WireError read(byte[] buf, int len) {
      return new WireReader(WireSamples.CELL).read(buf, 0, len);
    }
  }

  static Stream<Sample> samples() {
    List<byte[]> split = WireSamples.segments(WireSamples.forwardReply(5, 5000), 1400);
    byte[] drop =
        WireSamples.encoded(
            new ActionReply()
                    .set(WireSamples.CELL, 1, 2, WireSamples.ipv4Flow(), 3, 4, Verdict.DROP, 7)
                ::encode);
    return Stream.of(
        new Sample("query", WireSamples.query(), ActionQuery::new),
        new Sample("generation change", WireSamples.generationChange(), GenerationChange::new),
        new Sample("health probe", WireSamples.healthProbe(), HealthProbe::new),
        new Sample("health reply", WireSamples.healthReply(), HealthReply::new),
        new Sample("neighbour share", WireSamples.neighborShare(), NeighborShare::new),
        new Sample(
            "unsplit reply",
            WireSamples.encoded(WireSamples.forwardReply(1, 300)::encode),
            ActionReply::new),
        new Sample("drop reply", drop, ReplySegment::new),
        new Sample("first segment", split.get(0), ReplySegment::new),
        new Sample("last segment", split.get(split.size() - 1), ReplySegment::new));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void validSampleDecodes(Sample sample) {
    assertThat(sample.decode(sample.bytes, sample.bytes.length)).isEqualTo(WireError.NONE);
    assertThat(sample.read(sample.bytes, sample.bytes.length)).isEqualTo(WireError.NONE);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void readerPutsEachTypeInItsHolder(Sample sample) {
    WireReader reader = new WireReader(WireSamples.CELL);
    reader.read(sample.bytes, 0, sample.bytes.length);

    MessageType type = MessageType.fromCode(sample.bytes[5]);
    assertThat(reader.type()).isEqualTo(type);
    WireMessage expectedHolder =
        switch (type) {
          case ACTION_QUERY -> reader.query();
          case ACTION_REPLY -> reader.replySegment();
          case GENERATION_CHANGE -> reader.generationChange();
          case HEALTH_PROBE -> reader.healthProbe();
          case HEALTH_REPLY -> reader.healthReply();
          case NEIGHBOR_SHARE -> reader.neighborShare();
        };
    assertThat(reader.message()).isSameAs(expectedHolder);
    assertThat(reader.message().cellId()).isEqualTo(WireSamples.CELL);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void truncationAtEveryLengthIsTruncated(Sample sample) {
    for (int len = 0; len < sample.bytes.length; len++) {
      assertThat(sample.decode(sample.bytes, len))
          .as("length %d", len)
          .isEqualTo(WireError.TRUNCATED);
      assertThat(sample.read(sample.bytes, len))
          .as("length %d", len)
          .isEqualTo(WireError.TRUNCATED);
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void trailingBytesAreRejected(Sample sample) {
    for (int extra : new int[] {1, 2, 100}) {
      byte[] longer = Arrays.copyOf(sample.bytes, sample.bytes.length + extra);
      Arrays.fill(longer, sample.bytes.length, longer.length, (byte) 0x5a);

      assertThat(sample.decode(longer, longer.length)).isEqualTo(WireError.TRAILING_BYTES);
      assertThat(sample.read(longer, longer.length)).isEqualTo(WireError.TRAILING_BYTES);
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void badMagicIsRejected(Sample sample) {
    for (int i = 0; i < 4; i++) {
      byte[] bad = sample.bytes.clone();
      bad[i] ^= 0x20;

      assertThat(sample.decode(bad, bad.length)).isEqualTo(WireError.BAD_MAGIC);
      assertThat(sample.read(bad, bad.length)).isEqualTo(WireError.BAD_MAGIC);
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void otherVersionsAreRejected(Sample sample) {
    for (int version : new int[] {0, 2, 255}) {
      byte[] bad = patched(sample.bytes, 4, version);

      assertThat(sample.decode(bad, bad.length)).isEqualTo(WireError.UNSUPPORTED_VERSION);
      assertThat(sample.read(bad, bad.length)).isEqualTo(WireError.UNSUPPORTED_VERSION);
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void unknownTypesAreRejected(Sample sample) {
    for (int type : new int[] {0, 7, 255}) {
      byte[] bad = patched(sample.bytes, 5, type);

      assertThat(sample.decode(bad, bad.length)).isEqualTo(WireError.UNKNOWN_TYPE);
      assertThat(sample.read(bad, bad.length)).isEqualTo(WireError.UNKNOWN_TYPE);
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void anotherTypesDecoderSaysUnexpectedType(Sample sample) {
    int ownType = sample.bytes[5];
    samples()
        .filter(other -> other.bytes[5] != ownType)
        .forEach(
            other ->
                assertThat(other.decode(sample.bytes, sample.bytes.length))
                    .as("%s decoder", other)
                    .isEqualTo(WireError.UNEXPECTED_TYPE));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void foreignCellIsReportedByTheReader(Sample sample) {
    WireReader reader = new WireReader(WireSamples.CELL + 1);

    assertThat(reader.read(sample.bytes, 0, sample.bytes.length)).isEqualTo(WireError.FOREIGN_CELL);
    assertThat(reader.message().cellId()).isEqualTo(WireSamples.CELL);
    assertThat(reader.message().checkCell(WireSamples.CELL)).isEqualTo(WireError.NONE);
  }

  static byte[] patched(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    copy[at] = (byte) value;
    return copy;
  }
}
