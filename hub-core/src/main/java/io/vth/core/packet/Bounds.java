package io.vth.core.packet;

/** Overflow-safe range checks shared by the codecs. */
final class Bounds {

  private Bounds() {}

  /** Whether {@code [off, off + len)} is a valid range of {@code buf} (no int overflow). */
  static boolean fits(byte[] buf, int off, int len) {
    return off >= 0 && len >= 0 && len <= buf.length - off;
  }
}
