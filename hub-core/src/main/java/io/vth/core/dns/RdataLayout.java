package io.vth.core.dns;

import java.util.Arrays;

/**
 * Where names sit inside the RDATA of the types that may carry them compressed (RFC 1035 and the
 * decoding list of RFC 3597 section 4), so the codec can expand them on reading and compress the
 * RFC 1035 ones on writing. Other types are opaque octets.
 */
final class RdataLayout {

  /** Layout entry for a domain name; positive entries are runs of fixed octets. */
  static final int NAME = -1;

  private static final int[] ONE_NAME = {NAME};
  private static final int[] TWO_NAMES = {NAME, NAME};
  private static final int[] PREFERENCE_NAME = {2, NAME};

  private RdataLayout() {}

  /** The layout for {@code type}, or null when its RDATA is opaque. */
  static int[] of(int type) {
    return switch (type) {
      case 2, 3, 4, 5, 7, 8, 9, 12 -> ONE_NAME; // NS MD MF CNAME MB MG MR PTR
      case 6 -> new int[] {NAME, NAME, 20}; // SOA
      case 14, 17 -> TWO_NAMES; // MINFO RP
      case 15, 18, 21 -> PREFERENCE_NAME; // MX AFSDB RT
      case 26 -> new int[] {2, NAME, NAME}; // PX
      case 33 -> new int[] {6, NAME}; // SRV
      default -> null;
    };
  }

  /** Whether an encoder may compress names in this type's RDATA (only the RFC 1035 types). */
  static boolean compressible(int type) {
    return (type >= 2 && type <= 9) || type == 12 || type == 14 || type == 15;
  }

  /**
   * Expands the RDATA at {@code msg[rdata, rdata + rdLength)} following {@code layout}.
   *
   * @return the uncompressed RDATA, or null when it does not match the layout (names past the
   *     RDATA, bad names, octets left over)
   */
  static byte[] expand(byte[] msg, int msgStart, int end, int rdata, int rdLength, int[] layout) {
    int rdEnd = rdata + rdLength;
    byte[] out = new byte[rdLength + layout.length * DnsNames.MAX_NAME_LENGTH];
    int o = 0;
    int p = rdata;
    for (int part : layout) {
      if (part == NAME) {
        int after = DnsNames.skip(msg, msgStart, end, p);
        if (after < 0 || after > rdEnd) {
          return null;
        }
        o += DnsNames.copyUncompressed(msg, msgStart, end, p, out, o);
        p = after;
      } else {
        if (p + part > rdEnd) {
          return null;
        }
        System.arraycopy(msg, p, out, o, part);
        o += part;
        p += part;
      }
    }
    return p == rdEnd ? Arrays.copyOf(out, o) : null;
  }
}
