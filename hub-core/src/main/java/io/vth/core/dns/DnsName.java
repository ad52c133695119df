package io.vth.core.dns;

import java.util.Arrays;

/**
 * An absolute domain name for the slow path, held in uncompressed wire form with its original case;
 * equality and hashing ignore ASCII case, as DNS does (RFC 4343).
 */
public final class DnsName {

  /** The root name ".". */
  public static final DnsName ROOT = new DnsName(new byte[] {0});

  private final byte[] wire;

  private DnsName(byte[] wire) {
    this.wire = wire;
  }

  /**
   * Parses presentation format: dot-separated labels, optional trailing dot, {@code \.}, {@code \\}
   * and {@code \DDD} escapes.
   *
   * @throws IllegalArgumentException when a label is empty or over 63 octets, the name is over 255
   *     octets, or an escape or character is invalid
   */
  public static DnsName of(String text) {
    if (text.equals(".")) {
      return ROOT;
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("'' is an empty name; the root is '.'");
    }
    byte[] buf = new byte[DnsNames.MAX_NAME_LENGTH + 64];
    int labelStart = 0;
    int o = 1;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i++);
      if (c == '.') {
        checkLabel(text, o - labelStart - 1);
        buf[labelStart] = (byte) (o - labelStart - 1);
        labelStart = o++;
        continue;
      }
      int value = c;
      if (c == '\\') {
        if (i >= text.length()) {
          throw new IllegalArgumentException("'" + text + "' ends inside an escape");
        }
        value = unescape(text, i);
        i += Character.isDigit(text.charAt(i)) ? 3 : 1;
      } else if (c > 0xff) {
        throw new IllegalArgumentException("'" + text + "' has a character outside Latin-1: " + c);
      }
      if (o >= buf.length - 1) {
        throw new IllegalArgumentException("'" + text + "' is longer than 255 octets");
      }
      buf[o++] = (byte) value;
    }
    if (o - labelStart - 1 > 0) {
      checkLabel(text, o - labelStart - 1);
      buf[labelStart] = (byte) (o - labelStart - 1);
      buf[o++] = 0;
    } else {
      o = labelStart + 1;
      buf[labelStart] = 0;
    }
    if (o > DnsNames.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("'" + text + "' is longer than 255 octets");
    }
    return new DnsName(Arrays.copyOf(buf, o));
  }

  private static void checkLabel(String text, int length) {
    if (length == 0) {
      throw new IllegalArgumentException("'" + text + "' has an empty label");
    }
    if (length > DnsNames.MAX_LABEL_LENGTH) {
      throw new IllegalArgumentException("'" + text + "' has a label longer than 63 octets");
    }
  }

  private static int unescape(String text, int i) {
    if (!Character.isDigit(text.charAt(i))) {
      return text.charAt(i);
    }
    if (i + 3 > text.length()) {
      throw new IllegalArgumentException("'" + text + "' has a \\DDD escape cut short");
    }
    try {
      int value = Integer.parseInt(text.substring(i, i + 3));
      if (value <= 0xff) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the rest of the bad escapes
    }
    throw new IllegalArgumentException("'" + text + "' has a \\DDD escape that is not 000-255");
  }

  /** Wraps an uncompressed wire name that {@link DnsNames} already validated (not copied). */
  static DnsName ofValidatedWire(byte[] wire) {
    return wire.length == 1 ? ROOT : new DnsName(wire);
  }

  /** A copy of the uncompressed wire form. */
  public byte[] toWire() {
    return wire.clone();
  }

  /** Length of the uncompressed wire form (1 for the root). */
  public int wireLength() {
    return wire.length;
  }

  /** The wire form without copying; callers must not change it. */
  byte[] wire() {
    return wire;
  }

  /** Presentation format with a trailing dot; dots, backslashes and non-printables are escaped. */
  @Override
  public String toString() {
    if (wire.length == 1) {
      return ".";
    }
    StringBuilder sb = new StringBuilder(wire.length + 8);
    int p = 0;
    while (wire[p] != 0) {
      int length = wire[p];
      for (int i = p + 1; i <= p + length; i++) {
        int c = wire[i] & 0xff;
        if (c == '.' || c == '\\') {
          sb.append('\\').append((char) c);
        } else if (c <= 0x20 || c >= 0x7f) {
          sb.append('\\').append(String.format("%03d", c));
        } else {
          sb.append((char) c);
        }
      }
      sb.append('.');
      p += length + 1;
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DnsName other) || other.wire.length != wire.length) {
      return false;
    }
    for (int i = 0; i < wire.length; i++) {
      if (DnsNames.toLowerCase(wire[i]) != DnsNames.toLowerCase(other.wire[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (byte b : wire) {
      h = 31 * h + DnsNames.toLowerCase(b);
    }
    return h;
  }
}
