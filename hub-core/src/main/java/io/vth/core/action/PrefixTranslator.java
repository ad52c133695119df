package io.vth.core.action;

import io.vth.core.dns.AddressRewriter;

/**
 * 1:1 prefix translation of an address in place, reading its mappings straight from a program's
 * constant pool. One instance per interpreter is re-pointed before each use, so nothing allocates.
 */
final class PrefixTranslator implements AddressRewriter {

  private byte[] pool = new byte[0];
  private int map4 = -1;
  private int map6 = -1;

  /**
   * Uses the map4/map6 entries starting at {@code pool[map4]} and {@code pool[map6]}; -1 for none.
   */
  void point(byte[] pool, int map4, int map6) {
    this.pool = pool;
    this.map4 = map4;
    this.map6 = map6;
  }

  @Override
  public boolean rewrite(byte[] buf, int off, int length) {
    int entry = length == 4 ? map4 : length == 16 ? map6 : -1;
    if (entry < 0 || buf == null || off < 0 || off > buf.length - length) {
      return false;
    }
    int to = entry + length;
    int prefixLength = pool[entry + 2 * length] & 0xff;
    if (!matches(buf, off, entry, prefixLength)) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    System.arraycopy(pool, to, buf, off, fullBytes);
    int rest = prefixLength % 8;
    if (rest != 0) {
      int mask = (0xff << (8 - rest)) & 0xff;
      buf[off + fullBytes] =
          (byte) ((pool[to + fullBytes] & mask) | (buf[off + fullBytes] & ~mask));
    }
    return true;
  }

  private boolean matches(byte[] buf, int off, int from, int prefixLength) {
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (buf[off + i] != pool[from + i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return ((buf[off + fullBytes] ^ pool[from + fullBytes]) & mask) == 0;
  }
}
