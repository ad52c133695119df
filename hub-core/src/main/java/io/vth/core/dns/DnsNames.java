package io.vth.core.dns;

/**
 * Reads domain names in DNS wire format, following compression pointers under the rules of RFC
 * 9267, without allocating.
 *
 * <p>Every pointer must aim strictly before the run of labels that holds it (so pointers only go
 * backward and cannot loop), outside the header, and inside the message; labels are at most 63
 * octets, the uncompressed name at most 255, and at most {@link #MAX_POINTERS} pointers are
 * followed. Work per name is therefore bounded by a constant, whatever the input. Offsets in
 * pointers count from {@code msgStart}, the first octet of the header.
 */
public final class DnsNames {

  /** Longest name in uncompressed wire form, length octets and root label included. */
  public static final int MAX_NAME_LENGTH = 255;

  /** Longest label. */
  public static final int MAX_LABEL_LENGTH = 63;

  /** Most pointers followed in one name: one per label of the longest legal name. */
  public static final int MAX_POINTERS = 127;

  private DnsNames() {}

  /**
   * Validates the name at {@code pos} and returns the offset just after it in the message (after
   * the root label or the first pointer), or a negative {@link DnsReason} code.
   */
  public static int skip(byte[] msg, int msgStart, int end, int pos) {
    return walk(msg, msgStart, end, pos, null, 0, false);
  }

  /**
   * Validates the name at {@code pos} and copies it uncompressed and in lower case (ASCII letters
   * only, as DNS compares names) to {@code out[outOff..]}, which needs room for {@link
   * #MAX_NAME_LENGTH} octets.
   *
   * @return the number of octets written (root label included), or a negative {@link DnsReason}
   *     code
   */
  public static int copyCanonical(
      byte[] msg, int msgStart, int end, int pos, byte[] out, int outOff) {
    return walk(msg, msgStart, end, pos, out, outOff, true);
  }

  /**
   * Like {@link #copyCanonical} but keeps the case of every octet: the uncompressed name as sent.
   */
  public static int copyUncompressed(
      byte[] msg, int msgStart, int end, int pos, byte[] out, int outOff) {
    return walk(msg, msgStart, end, pos, out, outOff, false);
  }

  /**
   * Skips the name at {@code pos} without following pointers; only for names already validated by
   * {@link #skip}. Returns the offset after it, or a negative code if it runs past {@code end}.
   */
  static int skipValidated(byte[] msg, int end, int pos) {
    int p = pos;
    while (p < end) {
      int b = msg[p] & 0xff;
      if (b == 0) {
        return p + 1;
      }
      if ((b & 0xc0) == 0xc0) {
        return p + 2 <= end ? p + 2 : DnsReason.NAME_PAST_END.code();
      }
      p += b + 1;
    }
    return DnsReason.NAME_PAST_END.code();
  }

  /** Walks one name; returns the in-place end when {@code out} is null, else the copied length. */
  private static int walk(
      byte[] msg, int msgStart, int end, int pos, byte[] out, int outOff, boolean lowerCase) {
    int p = pos;
    int segmentStart = pos;
    int inPlaceEnd = -1;
    int nameLength = 0;
    int pointers = 0;
    while (true) {
      if (p >= end) {
        return DnsReason.NAME_PAST_END.code();
      }
      int b = msg[p] & 0xff;
      if (b == 0) {
        if (out != null) {
          out[outOff + nameLength] = 0;
          return nameLength + 1;
        }
        return inPlaceEnd < 0 ? p + 1 : inPlaceEnd;
      }
      int kind = b & 0xc0;
      if (kind == 0xc0) {
        if (p + 1 >= end) {
          return DnsReason.NAME_PAST_END.code();
        }
        if (inPlaceEnd < 0) {
          inPlaceEnd = p + 2;
        }
        int target = msgStart + (((b & 0x3f) << 8) | (msg[p + 1] & 0xff));
        int reason = checkTarget(target, msgStart, end);
        if (reason < 0) {
          return reason;
        }
        if (target >= segmentStart) {
          // Re-reading this run of labels, or the start of the name, would never end.
          boolean rereads = target <= p || (target >= pos && target < inPlaceEnd);
          return rereads ? DnsReason.POINTER_LOOP.code() : DnsReason.FORWARD_POINTER.code();
        }
        if (++pointers > MAX_POINTERS) {
          return DnsReason.TOO_MANY_POINTERS.code();
        }
        p = target;
        segmentStart = target;
      } else if (kind == 0x40) {
        return DnsReason.LABEL_TOO_LONG.code();
      } else if (kind == 0x80) {
        return DnsReason.RESERVED_LABEL_TYPE.code();
      } else {
        if (p + 1 + b > end) {
          return DnsReason.NAME_PAST_END.code();
        }
        if (nameLength + b + 2 > MAX_NAME_LENGTH) {
          return DnsReason.NAME_TOO_LONG.code();
        }
        if (out != null) {
          copyLabel(msg, p, b, out, outOff + nameLength, lowerCase);
        }
        nameLength += b + 1;
        p += b + 1;
      }
    }
  }

  /** Checks that a pointer's target lies between the header and the end of the message. */
  private static int checkTarget(int target, int msgStart, int end) {
    if (target >= end) {
      return DnsReason.POINTER_PAST_END.code();
    }
    if (target < msgStart + DnsHeader.LENGTH) {
      return DnsReason.POINTER_INTO_HEADER.code();
    }
    return 0;
  }

  private static void copyLabel(
      byte[] msg, int p, int length, byte[] out, int o, boolean lowerCase) {
    out[o] = (byte) length;
    for (int i = 1; i <= length; i++) {
      byte c = msg[p + i];
      out[o + i] = lowerCase ? toLowerCase(c) : c;
    }
  }

  /** Lower-cases an ASCII letter; DNS names compare case-insensitively only for A-Z (RFC 4343). */
  static byte toLowerCase(byte c) {
    return (c >= 'A' && c <= 'Z') ? (byte) (c + ('a' - 'A')) : c;
  }
}
