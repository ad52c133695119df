package io.vth.core.dns;

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

  private DnsRewriter() {}

  /**
   * Validates the message in {@code msg[off, off + len)}, then, in its answer section only, passes
   * the RDATA of every class-IN A record with RDLENGTH 4 and AAAA record with RDLENGTH 16 to {@code
   * rewriter}, and lowers every answer TTL above {@code maxTtl} to {@code maxTtl} (when {@code
   * maxTtl >= 0}). The message length never changes, so IP/UDP lengths stay valid (checksums do
   * not).
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
    int pos = off + DnsHeader.LENGTH;
    int questions = DnsHeader.count(msg, off, DnsReader.QUESTION);
    for (int i = 0; i < questions; i++) {
      pos = DnsNames.skipValidated(msg, end, pos) + 4;
    }
    int answers = DnsHeader.count(msg, off, DnsReader.ANSWER);
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

  private static boolean isAddress(byte[] msg, int fixed, int rdLength) {
    if (DnsHeader.u16(msg, fixed + 2) != CLASS_IN) {
      return false;
    }
    int type = DnsHeader.u16(msg, fixed);
    return (type == TYPE_A && rdLength == 4) || (type == TYPE_AAAA && rdLength == 16);
  }
}
