package io.vth.core.action;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing and printing of assembly operands: registers, numbers, memory, addresses, MACs. */
final class AssemblySyntax {

  /** A packet operand {@code [off]} or {@code [rN + off]}; base -1 when there is no register. */
  record Memory(int base, int offset) {}

  private static final Pattern MEMORY =
      Pattern.compile("\\[\\s*(?:(r\\d+)\\s*(?:\\+\\s*(\\w+)\\s*)?|(\\w+)\\s*)]");
  private static final Pattern REGISTER = Pattern.compile("r\\d+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private AssemblySyntax() {}

  static boolean isRegister(String text) {
    return REGISTER.matcher(text).matches();
  }

  static boolean isName(String text) {
    return NAME.matcher(text).matches();
  }

  static int register(String text) {
    if (!isRegister(text)) {
      throw new IllegalArgumentException("expected a register r0..r7, got '" + text + "'");
    }
    int n = Integer.parseInt(text.substring(1));
    if (n > 7) {
      throw new IllegalArgumentException("no register '" + text + "' (there are r0..r7)");
    }
    return n;
  }

  /** A non-negative decimal or {@code 0x} hexadecimal number no larger than {@code max}. */
  static long number(String text, long max) {
    long value;
    try {
      value =
          text.startsWith("0x") || text.startsWith("0X")
              ? Long.parseLong(text.substring(2), 16)
              : Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, got '" + text + "'");
    }
    if (value < 0 || value > max) {
      throw new IllegalArgumentException("number '" + text + "' out of range 0.." + max);
    }
    return value;
  }

  static Memory memory(String text) {
    Matcher m = MEMORY.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a packet operand [offset] or [rN + offset], got '" + text + "'");
    }
    if (m.group(3) != null) {
      return new Memory(-1, (int) number(m.group(3), 0xffff));
    }
    int offset = m.group(2) == null ? 0 : (int) number(m.group(2), 0xffff);
    return new Memory(register(m.group(1)), offset);
  }

  static String memory(int base, int offset) {
    return base < 0 ? "[" + offset + "]" : "[r" + base + " + " + offset + "]";
  }

  static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("expected an IPv4 address, got '" + text + "'");
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
        throw new IllegalArgumentException("bad IPv4 address '" + text + "'");
      }
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }

  static byte[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (!text.matches("[0-9A-Fa-f:.]+") || (gap >= 0 && text.indexOf("::", gap + 1) >= 0)) {
      throw new IllegalArgumentException("expected an IPv6 address, got '" + text + "'");
    }
    byte[] head = groups(text, gap < 0 ? text : text.substring(0, gap));
    byte[] tail = gap < 0 ? new byte[0] : groups(text, text.substring(gap + 2));
    if (gap < 0 ? head.length != 16 : head.length + tail.length > 14) {
      throw new IllegalArgumentException(
          "IPv6 address '" + text + "' has the wrong number of groups");
    }
    byte[] out = new byte[16];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(tail, 0, out, 16 - tail.length, tail.length);
    return out;
  }

  /** The bytes of colon-separated hex groups, the last of which may be a dotted IPv4 address. */
  private static byte[] groups(String address, String part) {
    if (part.isEmpty()) {
      return new byte[0];
    }
    String[] groups = part.split(":", -1);
    byte[] out = new byte[20];
    int n = 0;
    for (int i = 0; i < groups.length && n <= 16; i++) {
      String g = groups[i];
      if (i == groups.length - 1 && g.contains(".")) {
        System.arraycopy(ipv4(g), 0, out, n, 4);
        n += 4;
      } else if (g.matches("\\p{XDigit}{1,4}")) {
        int value = Integer.parseInt(g, 16);
        out[n++] = (byte) (value >>> 8);
        out[n++] = (byte) value;
      } else {
        throw new IllegalArgumentException(
            "bad group '" + g + "' in IPv6 address '" + address + "'");
      }
    }
    return Arrays.copyOf(out, n);
  }

  static byte[] mac(String text) {
    if (!text.matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}")) {
      throw new IllegalArgumentException(
          "expected a MAC like 02:00:5e:00:53:01, got '" + text + "'");
    }
    return HexFormat.ofDelimiter(":").parseHex(text);
  }

  static byte[] hex(String text) {
    if (!text.matches("(\\p{XDigit}{2})+")) {
      throw new IllegalArgumentException("expected hex bytes, got '" + text + "'");
    }
    return HexFormat.of().parseHex(text);
  }

  static String formatIpv4(byte[] b, int off) {
    return (b[off] & 0xff)
        + "."
        + (b[off + 1] & 0xff)
        + "."
        + (b[off + 2] & 0xff)
        + "."
        + (b[off + 3] & 0xff);
  }

  /**
   * The RFC 5952 text of the IPv6 address at {@code b[off]}: lower case, longest zero run as "::".
   */
  static String formatIpv6(byte[] b, int off) {
    int[] groups = new int[8];
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0, run = 0; i < 8; i++) {
      groups[i] = ((b[off + 2 * i] & 0xff) << 8) | (b[off + 2 * i + 1] & 0xff);
      run = groups[i] == 0 ? run + 1 : 0;
      if (run > bestLength) {
        bestLength = run;
        bestStart = i - run + 1;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  static String formatMac(byte[] b, int off) {
    return HexFormat.ofDelimiter(":").formatHex(b, off, off + 6);
  }
}
