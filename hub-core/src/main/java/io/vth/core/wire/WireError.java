package io.vth.core.wire;

/** Why a message was rejected; {@link #NONE} when it was accepted. */
public enum WireError {
  /** The message is well formed. */
  NONE("no error"),
  /** The message ends before its header or body does. */
  TRUNCATED("message is shorter than its header and body"),
  /** Bytes follow the end of the body. */
  TRAILING_BYTES("bytes follow the end of the message body"),
  /** The first four bytes are not the protocol's magic number. */
  BAD_MAGIC("magic number is not VTH1"),
  /** The version byte names a version this code does not speak. */
  UNSUPPORTED_VERSION("protocol version is not 1"),
  /** The type byte names no message type. */
  UNKNOWN_TYPE("message type byte is unknown"),
  /** The message is of another type than the decoder reads. */
  UNEXPECTED_TYPE("message is of another type than expected"),
  /** The flow key has a VNI beyond 24 bits or reserved bits set. */
  BAD_FLOW_KEY("flow key has a VNI beyond 24 bits or reserved bits set"),
  /** A numeric field is outside its range (a negative lifetime or load). */
  FIELD_OUT_OF_RANGE("a numeric field is outside its range"),
  /** A flag byte has bits set that this version does not define. */
  RESERVED_BITS("reserved flag bits are set"),
  /** The verdict byte names no verdict. */
  UNKNOWN_VERDICT("verdict byte is unknown"),
  /** A forward verdict with a drop reason, or a drop verdict that carries a program. */
  INCONSISTENT_VERDICT("forward carries a drop reason or drop carries a program"),
  /** The program length exceeds {@link WireProtocol#MAX_PROGRAM_LENGTH}. */
  PROGRAM_TOO_LARGE("program length exceeds the limit"),
  /** The segment index is not below the segment count. */
  SEGMENT_INDEX_OUT_OF_RANGE("segment index is not below the segment count"),
  /** Segment stride, count and total program length do not fit together. */
  BAD_SEGMENTATION("segment stride, count and program length do not fit together"),
  /** The sender belongs to another cell. */
  FOREIGN_CELL("sender belongs to another cell");

  private final String description;

  WireError(String description) {
    this.description = description;
  }

  /** A short human description of the reason. */
  public String description() {
    return description;
  }
}
