package io.vth.core.dns;

/** The outcome of decoding a message on the slow path: the message, or why it was rejected. */
public record DnsParseResult(DnsMessage message, DnsReason reason) {

  /** A successful decoding. */
  static DnsParseResult ok(DnsMessage message) {
    return new DnsParseResult(message, null);
  }

  /** A rejection for the given negative {@link DnsReason} code. */
  static DnsParseResult failed(int code) {
    return new DnsParseResult(null, DnsReason.fromCode(code));
  }

  /** Whether the message decoded. */
  public boolean isOk() {
    return message != null;
  }

  /**
   * The message.
   *
   * @throws IllegalStateException naming the reason when decoding failed
   */
  public DnsMessage orElseThrow() {
    if (message == null) {
      throw new IllegalStateException("malformed DNS message: " + reason);
    }
    return message;
  }
}
