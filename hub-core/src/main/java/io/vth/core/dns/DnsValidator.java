package io.vth.core.dns;

/**
 * Checks a whole DNS message's structure (header, counts, every name under RFC 9267, every length)
 * in one pass, without a cursor object and without allocating.
 */
public final class DnsValidator {

  private DnsValidator() {}

  /**
   * Validates every entry of the message in {@code msg[off, off + len)} without a cursor object.
   *
   * @return 0, or a negative {@link DnsReason} code
   */
  public static int validate(byte[] msg, int off, int len) {
    int status = checkHeader(msg, off, len);
    if (status < 0) {
      return status;
    }
    int end = off + len;
    int pos = off + DnsHeader.LENGTH;
    for (int section = DnsReader.QUESTION; section <= DnsReader.ADDITIONAL; section++) {
      int count = DnsHeader.count(msg, off, section);
      for (int i = 0; i < count; i++) {
        pos = validateEntry(msg, off, end, pos, section == DnsReader.QUESTION);
        if (pos < 0) {
          return pos;
        }
      }
    }
    return 0;
  }

  private static int validateEntry(byte[] msg, int off, int end, int pos, boolean question) {
    if (pos >= end) {
      return DnsReason.COUNT_EXCEEDS_MESSAGE.code();
    }
    int after = DnsNames.skip(msg, off, end, pos);
    if (after < 0) {
      return after;
    }
    if (question) {
      return after + 4 <= end ? after + 4 : DnsReason.QUESTION_TRUNCATED.code();
    }
    if (after + 10 > end) {
      return DnsReason.RECORD_TRUNCATED.code();
    }
    int rdLength = DnsHeader.u16(msg, after + 8);
    return rdLength <= end - after - 10 ? after + 10 + rdLength : DnsReason.RDATA_PAST_END.code();
  }

  /** Checks array bounds, header presence and that the counts could fit; 0 or a negative code. */
  static int checkHeader(byte[] msg, int off, int len) {
    if (msg == null || off < 0 || len < 0 || off > msg.length - len) {
      return DnsReason.BAD_BOUNDS.code();
    }
    if (len < DnsHeader.LENGTH) {
      return DnsReason.HEADER_TRUNCATED.code();
    }
    long records =
        (long) DnsHeader.count(msg, off, DnsReader.ANSWER)
            + DnsHeader.count(msg, off, DnsReader.AUTHORITY)
            + DnsHeader.count(msg, off, DnsReader.ADDITIONAL);
    long least =
        DnsHeader.LENGTH
            + (long) DnsReader.MIN_QUESTION * DnsHeader.count(msg, off, DnsReader.QUESTION)
            + DnsReader.MIN_RECORD * records;
    return least > len ? DnsReason.COUNT_EXCEEDS_MESSAGE.code() : 0;
  }
}
