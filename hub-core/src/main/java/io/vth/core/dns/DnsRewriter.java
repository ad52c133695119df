package io.vth.core.dns;

import java.util.Arrays;

/**
 * Rewrites the addresses in a DNS response's answer section in place: the Intercept-mode hot path.
 *
 * <p>The message is validated completely before the first octet changes, so a malformed message is
 * left exactly as it was. Nothing here allocates: no reader object, no boxing, no exceptions.
 */
public final class DnsRewriter {

  /** Resource record type A (IPv4 address). */
  public static final int TYPE_A = 1;

  /** Resource record type AAAA (IPv6 address). */
  public static final int TYPE_AAAA = 28;

  /** Class IN. */
  public static final int CLASS_IN = 1;

  // Octets (relative to the message start) a rewrite may change; one bitmap per thread, cleared
  // after each message, so checking allocates nothing.
  private static final ThreadLocal<long[]> MARKED =
      ThreadLocal.withInitial(() -> new long[(0x10000 >>> 6) + 1]);

  private static final int[] NO_NAMES = {};

  private DnsRewriter() {}

  /**
   * Validates the message in {@code msg[off, off + len)}, then, in its answer section only, passes
   * the RDATA of every class-IN A record with RDLENGTH 4 and AAAA record with RDLENGTH 16 to {@code
   * rewriter}, and lowers every answer TTL above {@code maxTtl} to {@code maxTtl} (when {@code
   * maxTtl >= 0}). The message length never changes, so IP/UDP lengths stay valid (checksums do
   * not).
   *
   * <p>A message in which a name reads octets the rewrite would change (a compression pointer aimed
   * at a TTL or an address instead of an earlier name) is refused, {@link
   * DnsReason#NAME_READS_REWRITTEN_DATA}: rewriting it would change its names.
   *
   * @param rewriter the mapping hook; null to only cap TTLs
   * @return the number of addresses the rewriter changed, or a negative {@link DnsReason} code
   *     (then the message is unchanged)
   */
  public static int rewriteAnswers(
      byte[] msg, int off, int len, AddressRewriter rewriter, int maxTtl) {
    int status = DnsValidator.validate(msg, off, len);
    if (status < 0) {
      return status;
    }
    int end = off + len;
    int firstAnswer = off + DnsHeader.LENGTH;
    int questions = DnsHeader.count(msg, off, DnsReader.QUESTION);
    for (int i = 0; i < questions; i++) {
      firstAnswer = DnsNames.skipValidated(msg, end, firstAnswer) + 4;
    }
    int answers = DnsHeader.count(msg, off, DnsReader.ANSWER);
    long[] marked = MARKED.get();
    try {
      if (mark(msg, off, end, firstAnswer, answers, rewriter, maxTtl, marked)
          && namesReadMarked(msg, off, end, questions, marked)) {
        return DnsReason.NAME_READS_REWRITTEN_DATA.code();
      }
    } finally {
      Arrays.fill(marked, 0, Math.min(marked.length, (len >>> 6) + 1), 0L);
    }
    int pos = firstAnswer;
    int rewritten = 0;
    for (int i = 0; i < answers; i++) {
      int fixed = DnsNames.skipValidated(msg, end, pos);
      int rdLength = DnsHeader.u16(msg, fixed + 8);
      if (maxTtl >= 0 && DnsHeader.u32(msg, fixed + 4) > maxTtl) {
        DnsHeader.putU32(msg, fixed + 4, maxTtl);
      }
      if (rewriter != null && isAddress(msg, fixed, rdLength)) {
        if (rewriter.rewrite(msg, fixed + 10, rdLength)) {
          rewritten++;
        }
      }
      pos = fixed + 10 + rdLength;
    }
    return rewritten;
  }

  /** Marks the TTLs and addresses the rewrite would change; whether it marked any. */
  private static boolean mark(
      byte[] msg,
      int off,
      int end,
      int pos,
      int answers,
      AddressRewriter rewriter,
      int maxTtl,
      long[] marked) {
    boolean any = false;
    for (int i = 0; i < answers; i++) {
      int fixed = DnsNames.skipValidated(msg, end, pos);
      int rdLength = DnsHeader.u16(msg, fixed + 8);
      if (maxTtl >= 0 && DnsHeader.u32(msg, fixed + 4) > maxTtl) {
        setRange(marked, fixed + 4 - off, 4);
        any = true;
      }
      if (rewriter != null && isAddress(msg, fixed, rdLength)) {
        setRange(marked, fixed + 10 - off, rdLength);
        any = true;
      }
      pos = fixed + 10 + rdLength;
    }
    return any;
  }

  /**
   * Whether any name of the message (a question's, a record's owner name, a name in a record's
   * RDATA) reads a marked octet. A pointer aims backwards, but the labels it leads to may run on
   * past it, so every name is checked.
   */
  private static boolean namesReadMarked(
      byte[] msg, int off, int end, int questions, long[] marked) {
    int pos = off + DnsHeader.LENGTH;
    for (int i = 0; i < questions; i++) {
      if (readsMarked(msg, off, end, pos, marked)) {
        return true;
      }
      pos = DnsNames.skipValidated(msg, end, pos) + 4;
    }
    int records =
        DnsHeader.count(msg, off, DnsReader.ANSWER)
            + DnsHeader.count(msg, off, DnsReader.AUTHORITY)
            + DnsHeader.count(msg, off, DnsReader.ADDITIONAL);
    for (int i = 0; i < records; i++) {
      if (readsMarked(msg, off, end, pos, marked)) {
        return true;
      }
      int fixed = DnsNames.skipValidated(msg, end, pos);
      int rdLength = DnsHeader.u16(msg, fixed + 8);
      int[] layout = RdataLayout.of(DnsHeader.u16(msg, fixed));
      int p = fixed + 10;
      int rdEnd = p + rdLength;
      for (int part : layout == null ? NO_NAMES : layout) {
        if (p >= rdEnd) {
          break;
        }
        if (part == RdataLayout.NAME) {
          if (readsMarked(msg, off, end, p, marked)) {
            return true;
          }
          int after = DnsNames.skipValidated(msg, rdEnd, p);
          if (after < 0) {
            break;
          }
          p = after;
        } else {
          p += part;
        }
      }
      pos = rdEnd;
    }
    return false;
  }

  /** Whether the name at {@code pos}, pointers followed, reads a marked octet (or never ends). */
  private static boolean readsMarked(byte[] msg, int off, int end, int pos, long[] marked) {
    int p = pos;
    for (int steps = 0; steps <= DnsNames.MAX_NAME_LENGTH + DnsNames.MAX_POINTERS; steps++) {
      if (p < off || p >= end || isSet(marked, p - off)) {
        return true;
      }
      int b = msg[p] & 0xff;
      if (b == 0) {
        return false;
      }
      if ((b & 0xc0) == 0xc0) {
        if (p + 1 >= end || isSet(marked, p + 1 - off)) {
          return true;
        }
        p = off + (((b & 0x3f) << 8) | (msg[p + 1] & 0xff));
      } else {
        for (int i = 1; i <= b; i++) {
          if (p + i >= end || isSet(marked, p + i - off)) {
            return true;
          }
        }
        p += b + 1;
      }
    }
    return true;
  }

  private static void setRange(long[] bits, int from, int length) {
    for (int i = from; i < from + length; i++) {
      bits[i >>> 6] |= 1L << (i & 63);
    }
  }

  private static boolean isSet(long[] bits, int i) {
    return i >>> 6 < bits.length && (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  private static boolean isAddress(byte[] msg, int fixed, int rdLength) {
    if (DnsHeader.u16(msg, fixed + 2) != CLASS_IN) {
      return false;
    }
    int type = DnsHeader.u16(msg, fixed);
    return (type == TYPE_A && rdLength == 4) || (type == TYPE_AAAA && rdLength == 16);
  }
}
