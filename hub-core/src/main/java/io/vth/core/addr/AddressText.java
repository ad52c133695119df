package io.vth.core.addr;

/** Parses and formats the text forms of IP addresses: dotted quad and RFC 4291/5952 IPv6. */
final class AddressText {

  private static final int IPV6_GROUPS = 8;

  private AddressText() {}

  static IpAddress parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("an IP address is required, got null");
    }
    if (text.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    if (text.indexOf(':') >= 0) {
      long[] groups = parseIpv6(text);
      return IpAddress.ofIpv6(groups[0], groups[1]);
    }
    return IpAddress.ofIpv4((int) parseIpv4(text, text));
  }

  /** Parses a dotted quad; {@code whole} is the full input quoted in errors. */
  private static long parseIpv4(String quad, String whole) {
    String[] octets = quad.split("\\.", -1);
    if (octets.length != 4) {
      throw invalid(whole, "an IPv4 address has 4 dot-separated octets, found " + octets.length);
    }
    long value = 0;
    for (String octet : octets) {
      value = value << 8 | parseOctet(octet, whole);
    }
    return value;
  }

  private static int parseOctet(String octet, String whole) {
    if (octet.isEmpty() || octet.length() > 3 || !isDecimal(octet)) {
      throw invalid(whole, "octet \"" + octet + "\" is not a decimal number from 0 to 255");
    }
    if (octet.length() > 1 && octet.charAt(0) == '0') {
      throw invalid(whole, "octet \"" + octet + "\" has a leading zero (ambiguous: octal?)");
    }
    int value = Integer.parseInt(octet);
    if (value > 255) {
      throw invalid(whole, "octet " + value + " is greater than 255");
    }
    return value;
  }

  private static long[] parseIpv6(String text) {
    if (text.indexOf('%') >= 0) {
      throw invalid(text, "zone identifiers (\"%...\") are not supported");
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      throw invalid(text, "\"::\" may appear only once");
    }
    int[] head =
        gap < 0 ? parseGroups(text, text, true) : parseGroups(text.substring(0, gap), text, false);
    int[] tail = gap < 0 ? new int[0] : parseGroups(text.substring(gap + 2), text, true);
    int count = head.length + tail.length;
    if (gap < 0 && count != IPV6_GROUPS) {
      throw invalid(text, "an IPv6 address has 8 groups, found " + count);
    }
    if (gap >= 0 && count >= IPV6_GROUPS) {
      throw invalid(text, "\"::\" must stand for at least one group, but 8 groups are given");
    }
    int[] all = new int[IPV6_GROUPS];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, IPV6_GROUPS - tail.length, tail.length);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 4; i++) {
      hi = hi << 16 | all[i];
      lo = lo << 16 | all[i + 4];
    }
    return new long[] {hi, lo};
  }

  /** Parses colon-separated groups; the last one may be a dotted quad when {@code isTail}. */
  private static int[] parseGroups(String part, String whole, boolean isTail) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] fields = part.split(":", -1);
    String last = fields[fields.length - 1];
    boolean embeddedIpv4 = isTail && last.indexOf('.') >= 0;
    int[] groups = new int[fields.length + (embeddedIpv4 ? 1 : 0)];
    for (int i = 0; i < fields.length - (embeddedIpv4 ? 1 : 0); i++) {
      groups[i] = parseGroup(fields[i], whole);
    }
    if (embeddedIpv4) {
      long quad = parseIpv4(last, whole);
      groups[groups.length - 2] = (int) (quad >>> 16);
      groups[groups.length - 1] = (int) (quad & 0xffff);
    }
    return groups;
  }

  private static int parseGroup(String group, String whole) {
    if (group.isEmpty()) {
      throw invalid(whole, "empty group (a single ':' where a group was expected)");
    }
    if (group.length() > 4 || !isHex(group)) {
      throw invalid(whole, "group \"" + group + "\" is not 1 to 4 hexadecimal digits");
    }
    return Integer.parseInt(group, 16);
  }

  static String format(IpAddress address) {
    if (address.isIpv4()) {
      return formatIpv4(address.lo());
    }
    long hi = address.hi();
    long lo = address.lo();
    if (hi == 0 && lo >>> 32 == 0xffff) {
      return "::ffff:" + formatIpv4(lo & 0xffffffffL);
    }
    int[] groups = new int[IPV6_GROUPS];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
      groups[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
    }
    return formatGroups(groups);
  }

  /** RFC 5952: lower case, no leading zeros, the first longest run of 2+ zero groups as "::". */
  private static String formatGroups(int[] groups) {
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < IPV6_GROUPS; ) {
      int j = i;
      while (j < IPV6_GROUPS && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < IPV6_GROUPS; i++) {
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

  private static String formatIpv4(long value) {
    return (value >>> 24 & 0xff)
        + "."
        + (value >>> 16 & 0xff)
        + "."
        + (value >>> 8 & 0xff)
        + "."
        + (value & 0xff);
  }

  private static boolean isDecimal(String s) {
    return s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean isHex(String s) {
    return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException("\"" + text + "\" is not a valid IP address: " + reason);
  }
}
