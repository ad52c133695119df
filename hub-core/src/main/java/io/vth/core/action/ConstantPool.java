package io.vth.core.action;

import java.util.Arrays;

/**
 * The constants of an action program (addresses, egress, translation mappings), validated and
 * immutable. Encoded as {@code count} entries of {@code type (u8), length (u8), bytes}.
 */
public final class ConstantPool {

  /** Most entries a pool may hold. */
  public static final int MAX_CONSTANTS = 32;

  /** Most data bytes (entry headers not counted) a pool may hold. */
  public static final int MAX_DATA_BYTES = 1024;

  private final byte[] data;
  private final int[] start;
  private final int[] length;
  private final ConstantType[] type;
  private final int encodedLength;

  private ConstantPool(byte[] data, int[] start, int[] length, ConstantType[] type, int encoded) {
    this.data = data;
    this.start = start;
    this.length = length;
    this.type = type;
    this.encodedLength = encoded;
  }

  /**
   * Decodes and validates {@code count} entries starting at {@code buf[off]}, not reading at or
   * beyond {@code end}.
   *
   * @throws ActionRejectedException when an entry is truncated, too large or malformed
   */
  static ConstantPool decode(byte[] buf, int off, int end, int count) {
    if (count > MAX_CONSTANTS) {
      throw new ActionRejectedException(
          RejectReason.CONSTANT_POOL_TOO_LARGE, -1, count + " constants, limit " + MAX_CONSTANTS);
    }
    byte[] data = new byte[Math.min(MAX_DATA_BYTES, Math.max(0, end - off))];
    int[] start = new int[count];
    int[] length = new int[count];
    ConstantType[] type = new ConstantType[count];
    int pos = off;
    int used = 0;
    for (int i = 0; i < count; i++) {
      if (end - pos < 2) {
        throw new ActionRejectedException(RejectReason.TRUNCATED, -1, "constant " + i + " header");
      }
      type[i] = ConstantType.ofCode(buf[pos] & 0xff);
      length[i] = buf[pos + 1] & 0xff;
      pos += 2;
      if (end - pos < length[i]) {
        throw new ActionRejectedException(RejectReason.TRUNCATED, -1, "constant " + i + " data");
      }
      if (used + length[i] > MAX_DATA_BYTES) {
        throw new ActionRejectedException(
            RejectReason.CONSTANT_POOL_TOO_LARGE, -1, "over " + MAX_DATA_BYTES + " data bytes");
      }
      String problem =
          type[i] == null
              ? "unknown type " + (buf[pos - 2] & 0xff)
              : type[i].problem(buf, pos, length[i]);
      if (problem != null) {
        throw new ActionRejectedException(
            RejectReason.BAD_CONSTANT, -1, "constant " + i + ": " + problem);
      }
      System.arraycopy(buf, pos, data, used, length[i]);
      start[i] = used;
      used += length[i];
      pos += length[i];
    }
    return new ConstantPool(Arrays.copyOf(data, used), start, length, type, pos - off);
  }

  /** Number of entries. */
  public int count() {
    return type.length;
  }

  /** The type of entry {@code index}. */
  public ConstantType type(int index) {
    return type[index];
  }

  /** A copy of the bytes of entry {@code index}. */
  public byte[] bytes(int index) {
    return Arrays.copyOfRange(data, start[index], start[index] + length[index]);
  }

  /** Bytes the pool takes in the program encoding. */
  int encodedLength() {
    return encodedLength;
  }

  /** Where entry {@code index} starts in {@link #data()}. */
  int start(int index) {
    return start[index];
  }

  /** The length of entry {@code index}. */
  int length(int index) {
    return length[index];
  }

  /** All entry bytes back to back; shared, never to be modified. */
  byte[] data() {
    return data;
  }
}
