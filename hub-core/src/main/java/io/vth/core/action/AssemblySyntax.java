package io.vth.core.action;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
    // Only literals reach InetAddress, so it never turns into a DNS lookup.
    if (!text.matches("[0-9A-Fa-f:.]+") || !text.contains(":")) {
      throw new IllegalArgumentException("expected an IPv6 address, got '" + text + "'");
    }
    byte[] raw;
    try {
      raw = InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad IPv6 address '" + text + "'");
    }
    if (raw.length == 16) {
      return raw;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(raw, 0, mapped, 12, 4);
    return mapped;
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

  static String formatIpv6(byte[] b, int off) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 16; i += 2) {
      out.append(i == 0 ? "" : ":")
          .append(Integer.toHexString(((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff)));
    }
    return out.toString();
  }

  static String formatMac(byte[] b, int off) {
    return HexFormat.ofDelimiter(":").formatHex(b, off, off + 6);
  }
}
