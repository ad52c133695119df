package io.vth.core.addr;

/** The IP address family of an address or prefix, with its width in bits and bytes. */
public enum IpFamily {
  IPV4(32, "IPv4"),
  IPV6(128, "IPv6");

  private final int bitLength;
  private final String displayName;

  IpFamily(int bitLength, String displayName) {
    this.bitLength = bitLength;
    this.displayName = displayName;
  }

  /** Number of bits in an address of this family (32 or 128). */
  public int bitLength() {
    return bitLength;
  }

  /** Number of bytes in an address of this family (4 or 16). */
  public int byteLength() {
    return bitLength / 8;
  }

  @Override
  public String toString() {
    return displayName;
  }
}
