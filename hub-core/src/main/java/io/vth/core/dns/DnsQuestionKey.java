package io.vth.core.dns;

import java.util.Arrays;

/**
 * The identity of a DNS exchange for forwarding safety: ID, lower-cased query name, type and class.
 * A forwarder keeps the key of each query it sent and accepts a response only when {@link #answers}
 * holds, which defeats blind spoofing with a wrong ID or question (RFC 5452).
 *
 * <p>Reusable and allocation-free: {@link #extract} fills this holder from a message in place.
 */
public final class DnsQuestionKey {

  private final byte[] qname = new byte[DnsNames.MAX_NAME_LENGTH];
  private int qnameLength;
  private int id;
  private int flags;
  private int qtype;
  private int qclass;

  /**
   * Validates the whole message and fills this key from its header and its single question.
   *
   * @return 0, or a negative {@link DnsReason} code ({@link DnsReason#NOT_ONE_QUESTION} when the
   *     message does not have exactly one question); on failure the key is emptied
   */
  public int extract(byte[] msg, int off, int len) {
    qnameLength = 0;
    int status = DnsValidator.validate(msg, off, len);
    if (status < 0) {
      return status;
    }
    if (DnsHeader.count(msg, off, DnsReader.QUESTION) != 1) {
      return DnsReason.NOT_ONE_QUESTION.code();
    }
    int q = off + DnsHeader.LENGTH;
    int end = off + len;
    int length = DnsNames.copyCanonical(msg, off, end, q, qname, 0);
    int after = DnsNames.skipValidated(msg, end, q);
    id = DnsHeader.id(msg, off);
    flags = DnsHeader.flags(msg, off);
    qtype = DnsHeader.u16(msg, after);
    qclass = DnsHeader.u16(msg, after + 2);
    qnameLength = length;
    return 0;
  }

  /**
   * Whether this key, taken from a response, answers {@code query}: QR set, same ID, same question
   * (names compared in lower case).
   */
  public boolean answers(DnsQuestionKey query) {
    return isValid() && (flags & DnsHeader.FLAG_QR) != 0 && id == query.id && sameQuestion(query);
  }

  /** Whether both keys hold the same question, ignoring ID and ASCII case. */
  public boolean sameQuestion(DnsQuestionKey other) {
    return isValid()
        && other.isValid()
        && qtype == other.qtype
        && qclass == other.qclass
        && Arrays.equals(qname, 0, qnameLength, other.qname, 0, other.qnameLength);
  }

  /** Whether the last {@link #extract} succeeded. */
  public boolean isValid() {
    return qnameLength > 0;
  }

  /** The message ID. */
  public int id() {
    return id;
  }

  /** The header flags. */
  public int flags() {
    return flags;
  }

  /** The question's type. */
  public int qtype() {
    return qtype;
  }

  /** The question's class. */
  public int qclass() {
    return qclass;
  }

  /** Length of the canonical (uncompressed, lower-case) query name in wire form. */
  public int qnameLength() {
    return qnameLength;
  }

  /** Copies the canonical query name in wire form to {@code out[outOff..]}; returns its length. */
  public int copyQname(byte[] out, int outOff) {
    System.arraycopy(qname, 0, out, outOff, qnameLength);
    return qnameLength;
  }

  /** The query name (allocates; for logs and the slow path). */
  public DnsName qname() {
    if (!isValid()) {
      throw new IllegalStateException("no question extracted");
    }
    return DnsName.ofValidatedWire(Arrays.copyOf(qname, qnameLength));
  }

  @Override
  public String toString() {
    return isValid()
        ? "id " + id + " " + qname() + " type " + qtype + " class " + qclass
        : "no question";
  }
}
