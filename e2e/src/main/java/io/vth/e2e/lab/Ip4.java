package io.vth.e2e.lab;

/** Minimal IPv4 arithmetic for address plans (the harness does not depend on hub-core). */
final class Ip4 {
  private Ip4() {}

  /** An address with a prefix length, e.g. 192.168.1.10/24 (the host bits may be set). */
  record Prefixed(int address, int length) {
    Prefixed {
      if (length < 0 || length > 32) {
        throw new IllegalArgumentException("prefix length out of range: " + length);
      }
    }

    static Prefixed parse(String s) {
      int slash = s.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("expected ADDRESS/LENGTH, got " + s);
      }
      return new Prefixed(
          Ip4.parse(s.substring(0, slash)), Integer.parseInt(s.substring(slash + 1).strip()));
    }

    int mask() {
      return length == 0 ? 0 : -1 << (32 - length);
    }

    int network() {
      return address & mask();
    }

    boolean contains(int a) {
      return (a & mask()) == network();
    }

    String addressText() {
      return Ip4.format(address);
    }

    /** The network in canonical form, e.g. 192.168.1.0/24. */
    String networkText() {
      return Ip4.format(network()) + "/" + length;
    }

    @Override
    public String toString() {
      return Ip4.format(address) + "/" + length;
    }
  }

  static int parse(String s) {
    String[] parts = s.strip().split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + s);
    }
    int a = 0;
    for (String p : parts) {
      int b = Integer.parseInt(p);
      if (b < 0 || b > 255 || p.isEmpty()) {
        throw new IllegalArgumentException("not an IPv4 address: " + s);
      }
      a = (a << 8) | b;
    }
    return a;
  }

  static String format(int a) {
    return ((a >>> 24) & 0xff)
        + "."
        + ((a >>> 16) & 0xff)
        + "."
        + ((a >>> 8) & 0xff)
        + "."
        + (a & 0xff);
  }
}
