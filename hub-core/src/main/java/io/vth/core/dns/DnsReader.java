package io.vth.core.dns;

/**
 * A reusable, allocation-free cursor over one DNS message: checks the header, then steps through
 * questions and resource records, validating each name (RFC 9267) and length as it goes.
 *
 * <p>Call {@link #reset}, then {@link #next} until it returns 0 (end) or a negative {@link
 * DnsReason} code; after a failure every further call returns the same code. The accessors describe
 * the entry the last successful {@code next} stopped at. Octets after the last record are ignored.
 */
public final class DnsReader {

  /** Section number of the question section. */
  public static final int QUESTION = 0;

  /** Section number of the answer section. */
  public static final int ANSWER = 1;

  /** Section number of the authority section. */
  public static final int AUTHORITY = 2;

  /** Section number of the additional section. */
  public static final int ADDITIONAL = 3;

  /** Smallest question: root name plus type and class. */
  static final int MIN_QUESTION = 5;

  /** Smallest resource record: root name plus type, class, TTL and RDLENGTH. */
  static final int MIN_RECORD = 11;

  private byte[] msg;
  private int start;
  private int end;
  private int pos;
  private int section;
  private int remaining;
  private int failure;

  private int nameOffset;
  private int type;
  private int dnsClass;
  private long ttl;
  private int rdLength;
  private int rdataOffset;

  /**
   * Starts reading the message in {@code msg[off, off + len)}; the array is used, not copied.
   *
   * @return 0, or a negative {@link DnsReason} code when the header is missing or its counts cannot
   *     fit in {@code len} octets
   */
  public int reset(byte[] msg, int off, int len) {
    this.msg = msg;
    this.start = off;
    this.end = off + len;
    this.pos = off + DnsHeader.LENGTH;
    this.section = QUESTION;
    this.failure = DnsValidator.checkHeader(msg, off, len);
    this.remaining = failure < 0 ? 0 : DnsHeader.count(msg, off, QUESTION);
    return failure;
  }

  /**
   * Moves to the next question or record.
   *
   * @return 1 when positioned on an entry, 0 at the end of the message, or a negative {@link
   *     DnsReason} code
   */
  public int next() {
    if (failure < 0) {
      return failure;
    }
    while (remaining == 0) {
      if (section == ADDITIONAL) {
        return 0;
      }
      section++;
      remaining = DnsHeader.count(msg, start, section);
    }
    int result = readEntry();
    if (result < 0) {
      failure = result;
      return result;
    }
    remaining--;
    return 1;
  }

  /** Reads to the end: returns the offset just after the last record, or a negative code. */
  public int validateAll() {
    int r = next();
    while (r == 1) {
      r = next();
    }
    return r < 0 ? r : pos;
  }

  private int readEntry() {
    if (pos >= end) {
      return DnsReason.COUNT_EXCEEDS_MESSAGE.code();
    }
    int after = DnsNames.skip(msg, start, end, pos);
    if (after < 0) {
      return after;
    }
    nameOffset = pos;
    if (section == QUESTION) {
      if (after + 4 > end) {
        return DnsReason.QUESTION_TRUNCATED.code();
      }
      type = DnsHeader.u16(msg, after);
      dnsClass = DnsHeader.u16(msg, after + 2);
      ttl = 0;
      rdLength = 0;
      rdataOffset = after + 4;
      pos = after + 4;
      return 1;
    }
    if (after + 10 > end) {
      return DnsReason.RECORD_TRUNCATED.code();
    }
    type = DnsHeader.u16(msg, after);
    dnsClass = DnsHeader.u16(msg, after + 2);
    ttl = DnsHeader.u32(msg, after + 4);
    rdLength = DnsHeader.u16(msg, after + 8);
    rdataOffset = after + 10;
    if (rdLength > end - rdataOffset) {
      return DnsReason.RDATA_PAST_END.code();
    }
    pos = rdataOffset + rdLength;
    return 1;
  }

  /** The message ID. */
  public int id() {
    return DnsHeader.id(msg, start);
  }

  /** The 16 header flag bits; see {@link DnsHeader} for masks. */
  public int flags() {
    return DnsHeader.flags(msg, start);
  }

  /** The count the header gives for {@code section}. */
  public int count(int section) {
    return DnsHeader.count(msg, start, section);
  }

  /** Section of the current entry ({@link #QUESTION} .. {@link #ADDITIONAL}). */
  public int section() {
    return section;
  }

  /** Offset of the current entry's (possibly compressed) owner name. */
  public int nameOffset() {
    return nameOffset;
  }

  /** Type of the current entry. */
  public int type() {
    return type;
  }

  /** Class of the current entry. */
  public int dnsClass() {
    return dnsClass;
  }

  /** TTL of the current record in seconds (0 for questions). */
  public long ttl() {
    return ttl;
  }

  /** Offset of the current record's TTL field. */
  public int ttlOffset() {
    return rdataOffset - 6;
  }

  /** RDLENGTH of the current record (0 for questions). */
  public int rdLength() {
    return rdLength;
  }

  /** Offset of the current record's RDATA (for a question: just after it). */
  public int rdataOffset() {
    return rdataOffset;
  }

  /** Offset of the header's first octet, the base of compression pointers. */
  public int messageStart() {
    return start;
  }

  /** Offset just past the message. */
  public int messageEnd() {
    return end;
  }
}
