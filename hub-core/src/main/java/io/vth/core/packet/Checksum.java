package io.vth.core.packet;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624), over byte arrays.
 *
 * <p>All values are 16-bit quantities held in the low bits of an {@code int}. Nothing here
 * allocates, so the fast path can use it per packet.
 */
public final class Checksum {

  private Checksum() {}

  /**
   * Adds the bytes {@code [off, off + len)} as big-endian 16-bit words to {@code initial}, without
   * folding; an odd last byte is padded with zero (RFC 1071).
   */
  public static long sum(byte[] data, int off, int len, long initial) {
    long sum = initial;
    int i = off;
    int end = off + len;
    for (; i + 1 < end; i += 2) {
      sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (data[i] & 0xff) << 8;
    }
    return sum;
  }

  /** Folds a running one's-complement sum to 16 bits (without complementing it). */
  public static int fold(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) sum;
  }

  /** The checksum field value for the bytes {@code [off, off + len)}: the complement of the sum. */
  public static int compute(byte[] data, int off, int len) {
    return ~fold(sum(data, off, len, 0)) & 0xffff;
  }

  /**
   * The checksum field after one 16-bit word covered by it changed from {@code oldWord} to {@code
   * newWord} (RFC 1624, equation 3: {@code HC' = ~(~HC + ~m + m')}).
   */
  public static int update16(int checksum, int oldWord, int newWord) {
    long sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + (newWord & 0xffff);
    return ~fold(sum) & 0xffff;
  }

  /** The checksum field after a 32-bit value covered by it (an IPv4 address) changed. */
  public static int update32(int checksum, int oldValue, int newValue) {
    int c = update16(checksum, oldValue >>> 16, newValue >>> 16);
    return update16(c, oldValue & 0xffff, newValue & 0xffff);
  }

  /**
   * The checksum field after {@code len} bytes covered by it (an address, say) changed from the
   * bytes at {@code oldBytes[oldOff..]} to those at {@code newBytes[newOff..]}; {@code len} is
   * even.
   */
  public static int updateBytes(
      int checksum, byte[] oldBytes, int oldOff, byte[] newBytes, int newOff, int len) {
    long sum = ~checksum & 0xffff;
    for (int i = 0; i < len; i += 2) {
      int oldWord = ((oldBytes[oldOff + i] & 0xff) << 8) | (oldBytes[oldOff + i + 1] & 0xff);
      int newWord = ((newBytes[newOff + i] & 0xff) << 8) | (newBytes[newOff + i + 1] & 0xff);
      sum += (~oldWord & 0xffff) + newWord;
    }
    return ~fold(sum) & 0xffff;
  }

  /** Reads the 16-bit big-endian value at {@code off}. */
  public static int read16(byte[] data, int off) {
    return ((data[off] & 0xff) << 8) | (data[off + 1] & 0xff);
  }

  /** Writes the low 16 bits of {@code value} big-endian at {@code off}. */
  public static void write16(byte[] data, int off, int value) {
    data[off] = (byte) (value >>> 8);
    data[off + 1] = (byte) value;
  }
}
