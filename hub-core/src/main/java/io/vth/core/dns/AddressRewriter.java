package io.vth.core.dns;

/**
 * Rewrites one address in place: the hook through which DNS answers are translated (an A record's 4
 * bytes or an AAAA record's 16 bytes) without the DNS code knowing where mappings come from.
 */
@FunctionalInterface
public interface AddressRewriter {

  /**
   * Rewrites the address of {@code length} bytes (4 or 16) at {@code buf[off]} if a mapping covers
   * it.
   *
   * @return true when the bytes were changed
   */
  boolean rewrite(byte[] buf, int off, int length);
}
