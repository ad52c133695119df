package io.vth.core.wire;

import static io.vth.core.wire.MalformedMessageTest.patched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoders reject fields outside their range with the field's own reason. */
class FieldValidationTest {

  // Offsets of reply fields from the start of the message.
  private static final int FLOW = 26;
  private static final int LIFETIME = 78;
  private static final int VERDICT = 82;
  private static final int REASON = 83;
  private static final int INDEX = 84;
  private static final int COUNT = 86;
  private static final int TOTAL = 88;
  private static final int STRIDE = 92;

  private final List<byte[]> split = WireSamples.segments(WireSamples.forwardReply(5, 5000), 1400);
  private final byte[] first = split.get(0);

  @Test
  void queryWithBadFlowKeyIsRejected() {
    byte[] query = WireSamples.query();
    int flow = WireProtocol.HEADER_LENGTH + 16;

    assertThat(decode(new ActionQuery(), patched(query, flow, 1)))
        .isEqualTo(WireError.BAD_FLOW_KEY);
    assertThat(decode(new ActionQuery(), patched(query, flow + 5, 4)))
        .isEqualTo(WireError.BAD_FLOW_KEY);
    assertThat(decode(new ActionQuery(), patched(query, flow + 10, 1)))
        .isEqualTo(WireError.BAD_FLOW_KEY);
    assertThat(decode(new ActionQuery(), patched(query, flow + 11, 0x80)))
        .isEqualTo(WireError.BAD_FLOW_KEY);
  }

  @Test
  void generationChangeWithUnknownFlagsIsRejected() {
    byte[] change = WireSamples.generationChange();

    assertThat(decode(new GenerationChange(), patched(change, change.length - 1, 2)))
        .isEqualTo(WireError.RESERVED_BITS);
    assertThat(decode(new GenerationChange(), patched(change, change.length - 1, 0x81)))
        .isEqualTo(WireError.RESERVED_BITS);
  }

  @Test
  void healthReplyWithNegativeLoadIsRejected() {
    byte[] reply = WireSamples.healthReply();

    assertThat(decode(new HealthReply(), patched(reply, reply.length - 4, 0x80)))
        .isEqualTo(WireError.FIELD_OUT_OF_RANGE);
    assertThatThrownBy(() -> new HealthReply().set(1, 1, 1, 1, 1, -1)).hasMessageContaining("-1");
  }

  @Test
  void replyWithBadDecisionFieldsIsRejected() {
    assertThat(decodeSegment(patched(first, FLOW, 1))).isEqualTo(WireError.BAD_FLOW_KEY);
    assertThat(decodeSegment(patched(first, LIFETIME, 0x80)))
        .isEqualTo(WireError.FIELD_OUT_OF_RANGE);
    assertThat(decodeSegment(patched(first, VERDICT, 0))).isEqualTo(WireError.UNKNOWN_VERDICT);
    assertThat(decodeSegment(patched(first, VERDICT, 3))).isEqualTo(WireError.UNKNOWN_VERDICT);
    assertThat(decodeSegment(patched(first, REASON, 9))).isEqualTo(WireError.INCONSISTENT_VERDICT);
    assertThat(decodeSegment(patched(first, VERDICT, Verdict.DROP.code())))
        .isEqualTo(WireError.INCONSISTENT_VERDICT);
  }

  @Test
  void replyWithBadSegmentationIsRejected() {
    assertThat(decodeSegment(patchedShort(first, INDEX, 4)))
        .isEqualTo(WireError.SEGMENT_INDEX_OUT_OF_RANGE);
    assertThat(decodeSegment(patchedShort(first, INDEX, 0xffff)))
        .isEqualTo(WireError.SEGMENT_INDEX_OUT_OF_RANGE);
    assertThat(decodeSegment(patchedShort(first, COUNT, 0)))
        .isEqualTo(WireError.SEGMENT_INDEX_OUT_OF_RANGE);
    assertThat(decodeSegment(patchedShort(first, COUNT, 5))).isEqualTo(WireError.BAD_SEGMENTATION);
    assertThat(decodeSegment(patchedShort(first, COUNT, 3))).isEqualTo(WireError.BAD_SEGMENTATION);
    assertThat(decodeSegment(patchedShort(first, STRIDE, WireProtocol.MIN_SEGMENT_STRIDE - 1)))
        .isEqualTo(WireError.BAD_SEGMENTATION);
    assertThat(decodeSegment(patchedShort(first, STRIDE, WireProtocol.MAX_SEGMENT_STRIDE + 1)))
        .isEqualTo(WireError.BAD_SEGMENTATION);
    // Same count, but the stated stride makes the first segment shorter or longer than it is.
    assertThat(decodeSegment(patchedShort(first, STRIDE, 1300)))
        .isEqualTo(WireError.TRAILING_BYTES);
    assertThat(decodeSegment(patchedShort(first, STRIDE, 1400))).isEqualTo(WireError.TRUNCATED);
  }

  @Test
  void replyWithProgramBeyondTheLimitIsRejected() {
    for (long total :
        new long[] {WireProtocol.MAX_PROGRAM_LENGTH + 1L, 0x7fff_ffffL, 0xffff_ffffL}) {
      byte[] bad = first.clone();
      BigEndian.putInt(bad, TOTAL, (int) total);

      assertThat(decodeSegment(bad)).as("total %d", total).isEqualTo(WireError.PROGRAM_TOO_LARGE);
    }
  }

  @Test
  void segmentAccessorsDescribeWhereTheBytesGo() {
    ReplySegment last = WireSamples.decodedSegment(split.get(3));

    assertThat(split).hasSize(4);
    assertThat(last.segmentIndex()).isEqualTo(3);
    assertThat(last.segmentCount()).isEqualTo(4);
    assertThat(last.stride()).isEqualTo(1306);
    assertThat(last.programOffset()).isEqualTo(3 * 1306);
    assertThat(last.payloadLength()).isEqualTo(5000 - 3 * 1306);
    assertThat(last.payloadOffset()).isEqualTo(WireProtocol.REPLY_FIXED_LENGTH);
    assertThat(last.payloadArray()[last.payloadOffset()]).isEqualTo((byte) (3 * 1306));
  }

  @Test
  void failedDecodeLeavesTheSegmentHolderUndecoded() {
    ReplySegment segment = WireSamples.decodedSegment(first);

    assertThat(segment.decode(patched(first, 0, 0), 0, first.length))
        .isEqualTo(WireError.BAD_MAGIC);
    assertThat(segment.isDecoded()).isFalse();
  }

  @Test
  void throwingDecoderNamesTheReason() {
    byte[] bad = patched(WireSamples.healthProbe(), 4, 2);

    assertThatThrownBy(() -> new HealthProbe().decodeOrThrow(bad, 0, bad.length))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("UNSUPPORTED_VERSION")
        .hasMessageContaining("HEALTH_PROBE")
        .extracting(e -> ((WireFormatException) e).error())
        .isEqualTo(WireError.UNSUPPORTED_VERSION);
  }

  @Test
  void sliceOutsideTheBufferIsACallerError() {
    byte[] query = WireSamples.query();

    assertThatThrownBy(() -> new ActionQuery().decode(query, 1, query.length))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new WireReader(1).read(query, -1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static WireError decode(WireMessage holder, byte[] bytes) {
    return holder.decode(bytes, 0, bytes.length);
  }

  private static WireError decodeSegment(byte[] bytes) {
    return new ReplySegment().decode(bytes, 0, bytes.length);
  }

  private static byte[] patchedShort(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    BigEndian.putShort(copy, at, value);
    return copy;
  }
}
