package io.vth.core.wire;

import io.vth.core.flow.FlowKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A whole action reply: the decision for a flow and its action program. A decision pod fills one
 * and encodes it as one or more datagrams with {@link #encodeSegment}; a dataplane pod gets one
 * back from a {@link ReplyReassembler}. The program bytes are opaque here. {@link #decode} reads
 * only a reply that is not split, and says {@link WireError#BAD_SEGMENTATION} for a segment of one
 * that is.
 */
public final class ActionReply extends ReplyHeader {

  private byte[] program = new byte[0];
  private int programLength;
  private final ReplySegment single = new ReplySegment();

  /**
   * Fills the decision fields and returns this holder; the program is set separately.
   *
   * @throws IllegalArgumentException when the lifetime is negative or the drop reason is not a byte
   */
  public ActionReply set(
      long cellId,
      int podId,
      long requestId,
      FlowKey flow,
      long generation,
      int lifetimeMillis,
      Verdict verdict,
      int dropReason) {
    if (lifetimeMillis < 0) {
      throw new IllegalArgumentException("lifetime " + lifetimeMillis + " ms is negative");
    }
    if (dropReason < 0 || dropReason > 0xff) {
      throw new IllegalArgumentException("drop reason " + dropReason + " is not in 0..255");
    }
    setDecision(
        cellId,
        podId,
        requestId,
        flow,
        generation,
        lifetimeMillis,
        Objects.requireNonNull(verdict),
        dropReason);
    return this;
  }

  /**
   * Copies {@code len} program bytes from {@code src[off]} into this holder and returns it.
   *
   * @throws IllegalArgumentException when the program exceeds {@link
   *     WireProtocol#MAX_PROGRAM_LENGTH}
   */
  public ActionReply setProgram(byte[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    if (len > WireProtocol.MAX_PROGRAM_LENGTH) {
      throw new IllegalArgumentException(
          "program of " + len + " bytes exceeds " + WireProtocol.MAX_PROGRAM_LENGTH);
    }
    System.arraycopy(src, off, ensureCapacity(len), 0, len);
    programLength = len;
    return this;
  }

  /**
   * The array holding the program in its first {@link #programLength()} bytes; reused by this
   * holder.
   */
  public byte[] programArray() {
    return program;
  }

  /** The program's length in bytes. */
  public int programLength() {
    return programLength;
  }

  /** A copy of the program, for tests and tools. */
  public byte[] programCopy() {
    return Arrays.copyOf(program, programLength);
  }

  /** How many datagrams of at most {@code maxDatagramSize} bytes this reply takes. */
  public int segmentCount(int maxDatagramSize) {
    return ReplySegment.segmentCount(programLength, strideFor(maxDatagramSize));
  }

  /**
   * Writes segment {@code index} of this reply, split for datagrams of at most {@code
   * maxDatagramSize} bytes, at {@code buf[off]} and returns its length.
   *
   * @throws IllegalArgumentException when the datagram size is out of range or the index is not
   *     below {@link #segmentCount(int)}
   * @throws IllegalStateException when a drop verdict carries a program or a forward a drop reason
   * @throws IndexOutOfBoundsException when the buffer is too small
   */
  public int encodeSegment(int index, int maxDatagramSize, byte[] buf, int off) {
    int stride = strideFor(maxDatagramSize);
    int count = ReplySegment.segmentCount(programLength, stride);
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("segment index " + index + " is not in 0.." + (count - 1));
    }
    if (ReplyHeader.checkVerdict(verdict(), dropReason(), programLength) != WireError.NONE) {
      throw new IllegalStateException(
          verdict()
              + " with drop reason "
              + dropReason()
              + " and a program of "
              + programLength
              + " bytes");
    }
    int payloadLength = ReplySegment.segmentLength(index, programLength, stride);
    int length = WireProtocol.REPLY_FIXED_LENGTH + payloadLength;
    Objects.checkFromIndexSize(off, length, buf.length);
    int p = writeHeader(buf, off);
    writeDecision(buf, p);
    p += DECISION_LENGTH;
    BigEndian.putShort(buf, p, index);
    BigEndian.putShort(buf, p + 2, count);
    BigEndian.putInt(buf, p + 4, programLength);
    BigEndian.putShort(buf, p + 8, stride);
    System.arraycopy(program, index * stride, buf, p + 10, payloadLength);
    return length;
  }

  /**
   * Encodes a reply that fits in one datagram of {@link WireProtocol#DEFAULT_MAX_DATAGRAM_SIZE}
   * bytes; returns its length.
   *
   * @throws IllegalStateException when the program needs more than one datagram
   */
  public int encode(byte[] buf, int off) {
    int count = segmentCount(WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE);
    if (count != 1) {
      throw new IllegalStateException(
          "program of "
              + programLength
              + " bytes needs "
              + count
              + " datagrams: use encodeSegment");
    }
    return encodeSegment(0, WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE, buf, off);
  }

  /**
   * Decodes a reply that is not split; {@link WireError#BAD_SEGMENTATION} for a segment of a split
   * reply, which needs a {@link ReplyReassembler}.
   */
  @Override
  WireError decodeBody(byte[] buf, int off, int len) {
    WireError error = single.decodeBody(buf, off, len);
    if (error != WireError.NONE) {
      return error;
    }
    if (single.segmentCount() != 1) {
      return WireError.BAD_SEGMENTATION;
    }
    single.setSender(cellId(), podId());
    completeFrom(single, single.payloadArray(), single.payloadOffset(), single.programLength());
    return WireError.NONE;
  }

  /**
   * Takes the decision from {@code decision} and the program of {@code len} bytes from {@code
   * src[off]}.
   */
  void completeFrom(ReplyHeader decision, byte[] src, int off, int len) {
    copyDecisionFrom(decision);
    System.arraycopy(src, off, ensureCapacity(len), 0, len);
    programLength = len;
  }

  private byte[] ensureCapacity(int len) {
    if (program.length < len) {
      program =
          new byte[Math.max(len, Math.min(2 * program.length, WireProtocol.MAX_PROGRAM_LENGTH))];
    }
    return program;
  }

  private static int strideFor(int maxDatagramSize) {
    if (maxDatagramSize < WireProtocol.MIN_DATAGRAM_SIZE
        || maxDatagramSize > WireProtocol.MAX_DATAGRAM_SIZE) {
      throw new IllegalArgumentException(
          "max datagram size "
              + maxDatagramSize
              + " is not in "
              + WireProtocol.MIN_DATAGRAM_SIZE
              + ".."
              + WireProtocol.MAX_DATAGRAM_SIZE);
    }
    return maxDatagramSize - WireProtocol.REPLY_FIXED_LENGTH;
  }

  @Override
  public String toString() {
    return "ActionReply{cell="
        + cellId()
        + " pod="
        + podId()
        + " request="
        + requestId()
        + " flow="
        + flow()
        + " generation="
        + generation()
        + " lifetime="
        + lifetimeMillis()
        + "ms "
        + verdict()
        + (verdict() == Verdict.DROP
            ? " reason=" + dropReason()
            : " program=" + programLength + "B")
        + "}";
  }
}
