package io.vth.core.wire;

import java.util.Objects;

/**
 * A decision pod's announcement of a new config generation: cached actions of older generations are
 * re-decided, or all cached actions are dropped when the invalidate-all flag is set.
 */
public final class GenerationChange extends WireMessage {

  /** Length of every encoded generation change. */
  public static final int LENGTH = WireProtocol.HEADER_LENGTH + 9;

  private static final int FLAG_INVALIDATE_ALL = 1;

  private long generation;
  private boolean invalidateAll;

  @Override
  public MessageType type() {
    return MessageType.GENERATION_CHANGE;
  }

  /** Fills every field and returns this holder. */
  public GenerationChange set(long cellId, int podId, long generation, boolean invalidateAll) {
    setSender(cellId, podId);
    this.generation = generation;
    this.invalidateAll = invalidateAll;
    return this;
  }

  /** The new config generation. */
  public long generation() {
    return generation;
  }

  /** Whether every cached action must go, whatever its generation. */
  public boolean invalidateAll() {
    return invalidateAll;
  }

  /**
   * Writes the message at {@code buf[off]} and returns its length, {@value #LENGTH}.
   *
   * @throws IndexOutOfBoundsException when the buffer is too small
   */
  public int encode(byte[] buf, int off) {
    Objects.checkFromIndexSize(off, LENGTH, buf.length);
    int p = writeHeader(buf, off);
    BigEndian.putLong(buf, p, generation);
    buf[p + 8] = (byte) (invalidateAll ? FLAG_INVALIDATE_ALL : 0);
    return LENGTH;
  }

  @Override
  WireError decodeBody(byte[] buf, int off, int len) {
    WireError error = checkBodyLength(len, LENGTH - WireProtocol.HEADER_LENGTH);
    if (error != WireError.NONE) {
      return error;
    }
    int flags = buf[off + 8] & 0xff;
    if ((flags & ~FLAG_INVALIDATE_ALL) != 0) {
      return WireError.RESERVED_BITS;
    }
    generation = BigEndian.getLong(buf, off);
    invalidateAll = flags == FLAG_INVALIDATE_ALL;
    return WireError.NONE;
  }

  @Override
  public String toString() {
    return "GenerationChange{cell="
        + cellId()
        + " pod="
        + podId()
        + " generation="
        + generation
        + (invalidateAll ? " invalidate-all" : "")
        + "}";
  }
}
