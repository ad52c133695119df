package io.vth.core.dns;

/**
 * Why a DNS message was rejected; hot-path methods return {@link #code()} (always negative) instead
 * of throwing, so a caller can count drops per reason.
 */
public enum DnsReason {
  /** The offset/length arguments do not describe a range inside the array. */
  BAD_BOUNDS,
  /** Fewer than the 12 octets of a header. */
  HEADER_TRUNCATED,
  /** The header counts claim more entries than the remaining octets can hold. */
  COUNT_EXCEEDS_MESSAGE,
  /**
   * A name runs past the end of the message (a label, a length octet or a pointer's second octet).
   */
  NAME_PAST_END,
  /**
   * A length octet of 64..127: a label longer than 63 octets (or an unsupported extended label).
   */
  LABEL_TOO_LONG,
  /** A length octet of 128..191: a label type reserved by RFC 1035 (prefix bits 10). */
  RESERVED_LABEL_TYPE,
  /** The uncompressed name would be longer than 255 octets. */
  NAME_TOO_LONG,
  /** A compression pointer aims past the end of the message. */
  POINTER_PAST_END,
  /** A compression pointer aims into the 12-octet header, where no name can start. */
  POINTER_INTO_HEADER,
  /**
   * A compression pointer aims at or after a point already read for this name (RFC 9267: loops).
   */
  POINTER_LOOP,
  /** A compression pointer aims at or after the run of labels that holds it (RFC 9267). */
  FORWARD_POINTER,
  /** More compression pointers in one name than a legal name could need. */
  TOO_MANY_POINTERS,
  /** A question's type/class octets run past the end. */
  QUESTION_TRUNCATED,
  /** A resource record's type/class/TTL/RDLENGTH octets run past the end. */
  RECORD_TRUNCATED,
  /** RDLENGTH claims more octets than the message has left. */
  RDATA_PAST_END,
  /** The RDATA of a name-bearing type (CNAME, MX, SOA, ...) does not match its layout. */
  RDATA_MALFORMED,
  /** Query matching needs exactly one question. */
  NOT_ONE_QUESTION,
  /**
   * A name reads octets the hub rewrites (a record's TTL or address): a compression pointer aims at
   * data rather than at an earlier name, so rewriting would change the name.
   */
  NAME_READS_REWRITTEN_DATA;

  private static final DnsReason[] BY_ORDINAL = values();

  /** The negative status code hot-path methods return for this reason. */
  public int code() {
    return -1 - ordinal();
  }

  /**
   * The reason for a negative status code returned by a hot-path method.
   *
   * @throws IllegalArgumentException when {@code code} is not a reason code
   */
  public static DnsReason fromCode(int code) {
    int ordinal = -1 - code;
    if (code >= 0 || ordinal >= BY_ORDINAL.length) {
      throw new IllegalArgumentException("'" + code + "' is not a DNS reason code");
    }
    return BY_ORDINAL[ordinal];
  }
}
