package io.vth.core.dns;

/**
 * The test mapping: 192.168.1.0/24 to 100.64.7.0/24 and fd00:1::/64 to fd00:7::/64, keeping the
 * host part; allocation-free like a real mapping.
 */
final class SubnetRewriter implements AddressRewriter {

  int calls;

  @Override
  public boolean rewrite(byte[] buf, int off, int length) {
    calls++;
    if (length == 4 && inV4Source(buf, off)) {
      buf[off] = 100;
      buf[off + 1] = 64;
      buf[off + 2] = 7;
      return true;
    }
    if (length == 16 && inV6Source(buf, off)) {
      buf[off + 3] = 7;
      return true;
    }
    return false;
  }

  static boolean inV4Source(byte[] b, int off) {
    return (b[off] & 0xff) == 192 && (b[off + 1] & 0xff) == 168 && b[off + 2] == 1;
  }

  static boolean inV6Source(byte[] b, int off) {
    if ((b[off] & 0xff) != 0xfd || b[off + 3] != 1) {
      return false;
    }
    for (int i = 1; i < 8; i++) {
      if (i != 3 && b[off + i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** The address the mapping gives for {@code address} (a copy), or {@code address} itself. */
  static byte[] mapped(byte[] address) {
    byte[] copy = address.clone();
    new SubnetRewriter().rewrite(copy, 0, copy.length);
    return copy;
  }
}
