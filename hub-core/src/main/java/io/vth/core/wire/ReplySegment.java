package io.vth.core.wire;

/**
 * One decoded datagram of an action reply: the decision fields, where the segment sits in the
 * program, and a view of its program bytes inside the received datagram (not copied, so valid only
 * while that buffer is). Feed it to a {@link ReplyReassembler}.
 *
 * <p>Segment {@code i} holds program bytes {@code [i * stride, min((i + 1) * stride, total))};
 * every segment states total length, count and stride, and the decoder checks that they fit
 * together, so a segment's position and length never depend on another segment.
 */
public final class ReplySegment extends ReplyHeader {

  private int index;
  private int count;
  private int programLength;
  private int stride;
  private byte[] payload = new byte[0];
  private int payloadOffset;
  private int payloadLength;
  private boolean decoded;

  /** This segment's index, below {@link #segmentCount()}. */
  public int segmentIndex() {
    return index;
  }

  /** How many segments the reply has. */
  public int segmentCount() {
    return count;
  }

  /** The length of the whole program. */
  public int programLength() {
    return programLength;
  }

  /** Program bytes per segment (the last may hold fewer). */
  public int stride() {
    return stride;
  }

  /** Where this segment's bytes go in the program. */
  public int programOffset() {
    return index * stride;
  }

  /** The array holding this segment's program bytes: the datagram it was decoded from. */
  public byte[] payloadArray() {
    return payload;
  }

  /** Where this segment's program bytes start in {@link #payloadArray()}. */
  public int payloadOffset() {
    return payloadOffset;
  }

  /** How many program bytes this segment holds. */
  public int payloadLength() {
    return payloadLength;
  }

  /** Whether the last decode into this holder succeeded. */
  public boolean isDecoded() {
    return decoded;
  }

  @Override
  void beforeDecode() {
    decoded = false;
  }

  @Override
  WireError decodeBody(byte[] buf, int off, int len) {
    if (len < WireProtocol.REPLY_FIXED_LENGTH - WireProtocol.HEADER_LENGTH) {
      return WireError.TRUNCATED;
    }
    int p = off + DECISION_LENGTH;
    int i = BigEndian.getUnsignedShort(buf, p);
    int n = BigEndian.getUnsignedShort(buf, p + 2);
    long total = BigEndian.getInt(buf, p + 4) & 0xffffffffL;
    int s = BigEndian.getUnsignedShort(buf, p + 8);
    WireError error = checkLayout(i, n, total, s);
    if (error != WireError.NONE) {
      return error;
    }
    int expected = segmentLength(i, (int) total, s);
    error =
        checkBodyLength(
            len, WireProtocol.REPLY_FIXED_LENGTH - WireProtocol.HEADER_LENGTH + expected);
    if (error != WireError.NONE) {
      return error;
    }
    error = readDecision(buf, off, total);
    if (error != WireError.NONE) {
      return error;
    }
    index = i;
    count = n;
    programLength = (int) total;
    stride = s;
    payload = buf;
    payloadOffset = p + 10;
    payloadLength = expected;
    decoded = true;
    return WireError.NONE;
  }

  /** Checks that index, count, total program length and stride of a segment fit together. */
  static WireError checkLayout(int index, int count, long total, int stride) {
    if (total > WireProtocol.MAX_PROGRAM_LENGTH) {
      return WireError.PROGRAM_TOO_LARGE;
    }
    if (index >= count) {
      return WireError.SEGMENT_INDEX_OUT_OF_RANGE;
    }
    if (stride < WireProtocol.MIN_SEGMENT_STRIDE || stride > WireProtocol.MAX_SEGMENT_STRIDE) {
      return WireError.BAD_SEGMENTATION;
    }
    return count == segmentCount((int) total, stride) ? WireError.NONE : WireError.BAD_SEGMENTATION;
  }

  /** The number of segments a program of {@code total} bytes takes; an empty one takes one. */
  static int segmentCount(int total, int stride) {
    return total == 0 ? 1 : (total + stride - 1) / stride;
  }

  /** The program bytes in segment {@code index}. */
  static int segmentLength(int index, int total, int stride) {
    return Math.min(stride, total - index * stride);
  }

  @Override
  public String toString() {
    return "ReplySegment{cell="
        + cellId()
        + " pod="
        + podId()
        + " request="
        + requestId()
        + " "
        + verdict()
        + " segment "
        + index
        + "/"
        + count
        + " bytes "
        + payloadLength
        + " of "
        + programLength
        + "}";
  }
}
