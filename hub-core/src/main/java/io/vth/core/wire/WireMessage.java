package io.vth.core.wire;

import io.vth.core.flow.FlowKey;
import java.util.Objects;

/**
 * The common part of every message: the sender's cell and pod, the header codec, and the decode
 * entry points. Subclasses are mutable holders meant to be reused, one per worker.
 */
public abstract sealed class WireMessage
    permits ActionQuery, GenerationChange, HealthProbe, HealthReply, NeighborShare, ReplyHeader {

  private long cellId;
  private int podId;

  /** The type this holder encodes and decodes. */
  public abstract MessageType type();

  /** The sender's cell id. */
  public final long cellId() {
    return cellId;
  }

  /** The sender's pod id. */
  public final int podId() {
    return podId;
  }

  final void setSender(long cellId, int podId) {
    this.cellId = cellId;
    this.podId = podId;
  }

  /**
   * {@link WireError#NONE} when the sender is of {@code ownCellId}, else {@link
   * WireError#FOREIGN_CELL}.
   */
  public final WireError checkCell(long ownCellId) {
    return cellId == ownCellId ? WireError.NONE : WireError.FOREIGN_CELL;
  }

  /**
   * Decodes the message of {@code len} bytes at {@code buf[off]} into this holder. On an error the
   * holder's fields are unspecified.
   *
   * @throws IndexOutOfBoundsException when {@code off} and {@code len} lie outside {@code buf}
   */
  public final WireError decode(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    beforeDecode();
    WireError error = checkHeader(buf, off, len, type());
    if (error != WireError.NONE) {
      return error;
    }
    setSender(BigEndian.getLong(buf, off + 6), BigEndian.getInt(buf, off + 14));
    return decodeBody(buf, off + WireProtocol.HEADER_LENGTH, len - WireProtocol.HEADER_LENGTH);
  }

  /** Like {@link #decode} but throws, for tests and tools. */
  public final void decodeOrThrow(byte[] buf, int off, int len) {
    WireError error = decode(buf, off, len);
    if (error != WireError.NONE) {
      throw new WireFormatException(error, type());
    }
  }

  /** Called before every decode; lets a holder forget that its last decode succeeded. */
  void beforeDecode() {}

  /** Decodes the body of {@code len} bytes at {@code off}, the header being valid. */
  abstract WireError decodeBody(byte[] buf, int off, int len);

  /**
   * Checks magic, version and type as far as the bytes reach, so that a message cut short inside
   * the header is reported as truncated only when what is there is valid.
   */
  static WireError checkHeader(byte[] buf, int off, int len, MessageType expected) {
    if (len < 4) {
      return WireError.TRUNCATED;
    }
    if (BigEndian.getInt(buf, off) != WireProtocol.MAGIC) {
      return WireError.BAD_MAGIC;
    }
    if (len < 5) {
      return WireError.TRUNCATED;
    }
    if ((buf[off + 4] & 0xff) != WireProtocol.VERSION) {
      return WireError.UNSUPPORTED_VERSION;
    }
    if (len < 6) {
      return WireError.TRUNCATED;
    }
    MessageType type = MessageType.fromCode(buf[off + 5] & 0xff);
    if (type == null) {
      return WireError.UNKNOWN_TYPE;
    }
    if (expected != null && type != expected) {
      return WireError.UNEXPECTED_TYPE;
    }
    return len < WireProtocol.HEADER_LENGTH ? WireError.TRUNCATED : WireError.NONE;
  }

  /** Writes the header at {@code off} and returns the offset of the body. */
  final int writeHeader(byte[] buf, int off) {
    BigEndian.putInt(buf, off, WireProtocol.MAGIC);
    buf[off + 4] = (byte) WireProtocol.VERSION;
    buf[off + 5] = (byte) type().code();
    BigEndian.putLong(buf, off + 6, cellId);
    BigEndian.putInt(buf, off + 14, podId);
    return off + WireProtocol.HEADER_LENGTH;
  }

  /** The length check shared by the fixed-size messages. */
  static WireError checkBodyLength(int len, int expected) {
    if (len < expected) {
      return WireError.TRUNCATED;
    }
    return len > expected ? WireError.TRAILING_BYTES : WireError.NONE;
  }

  /**
   * Whether the flow key encoding at {@code off} is one {@link FlowKey#read} accepts; checked first
   * because that method throws.
   */
  static boolean isValidFlowKey(byte[] buf, int off) {
    int knownFlags = FlowKey.FLAG_IPV6 | FlowKey.FLAG_NON_FIRST_FRAGMENT;
    return buf[off] == 0
        && (buf[off + 5] & ~knownFlags) == 0
        && buf[off + 10] == 0
        && buf[off + 11] == 0;
  }
}
