package io.vth.core.action;

import io.vth.core.dns.AddressRewriter;

/**
 * The DNS codec as the {@code dns_rewrite} helper needs it: rewrite the A/AAAA answers of one DNS
 * message in place. Implemented by the DNS package; the interpreter only supplies the addresses'
 * translation.
 */
@FunctionalInterface
public interface DnsAnswerRewriting {

  /**
   * Passes the address of every A and AAAA answer of the DNS message in {@code msg[off, off + len)}
   * to {@code rewriter}, and lowers the TTL of each rewritten answer to at most {@code maxTtl}
   * ({@link Integer#MAX_VALUE} leaves TTLs alone). Must not allocate or throw.
   *
   * @return the number of answers rewritten, or a negative number when the message is malformed
   */
  int rewrite(byte[] msg, int off, int len, AddressRewriter rewriter, int maxTtl);
}
