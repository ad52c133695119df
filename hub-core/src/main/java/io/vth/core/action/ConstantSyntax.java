package io.vth.core.action;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The text form of constant-pool entries, as in {@code .const out egress vni=7001 remote=10.20.0.2
 * port=4789 mac=02:00:5e:00:53:01}: parsed by the assembler, printed by the disassembler.
 */
final class ConstantSyntax {

  /** One parsed entry: its type and data bytes. */
  record Entry(ConstantType type, byte[] data) {}

  private ConstantSyntax() {}

  /** Parses the words after the constant's name: a keyword and its arguments. */
  static Entry parse(String[] words) {
    if (words.length < 2) {
      throw new IllegalArgumentException("expected a constant kind and value");
    }
    String kind = words[0];
    return switch (kind) {
      case "bytes" -> bytes(words, AssemblySyntax.hex(words[1]));
      case "ipv4" -> bytes(words, AssemblySyntax.ipv4(words[1]));
      case "ipv6" -> bytes(words, AssemblySyntax.ipv6(words[1]));
      case "mac" -> bytes(words, AssemblySyntax.mac(words[1]));
      case "egress" -> new Entry(ConstantType.EGRESS, egress(words));
      case "map4" -> new Entry(ConstantType.MAP4, mapping(words, 4));
      case "map6" -> new Entry(ConstantType.MAP6, mapping(words, 16));
      default ->
          throw new IllegalArgumentException(
              "unknown constant kind '" + kind + "' (bytes, ipv4, ipv6, mac, egress, map4, map6)");
    };
  }

  private static Entry bytes(String[] words, byte[] data) {
    expectWords(words, 2);
    return new Entry(ConstantType.BYTES, data);
  }

  private static byte[] egress(String[] words) {
    expectWords(words, 5);
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected key=value, got '" + words[i] + "'");
      }
      args.put(words[i].substring(0, eq), words[i].substring(eq + 1));
    }
    for (String key : new String[] {"vni", "remote", "port", "mac"}) {
      if (!args.containsKey(key)) {
        throw new IllegalArgumentException("egress needs " + key + "=...");
      }
    }
    byte[] out = new byte[16];
    long vni = AssemblySyntax.number(args.get("vni"), 0xffffff);
    long port = AssemblySyntax.number(args.get("port"), 0xffff);
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) (vni >>> (24 - 8 * i));
    }
    System.arraycopy(AssemblySyntax.ipv4(args.get("remote")), 0, out, 4, 4);
    out[8] = (byte) (port >>> 8);
    out[9] = (byte) port;
    System.arraycopy(AssemblySyntax.mac(args.get("mac")), 0, out, 10, 6);
    return out;
  }

  private static byte[] mapping(String[] words, int addressLength) {
    expectWords(words, 3);
    byte[] out = new byte[2 * addressLength + 1];
    int prefixLength = -1;
    for (int side = 0; side < 2; side++) {
      String text = words[1 + side];
      int slash = text.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("expected a prefix address/length, got '" + text + "'");
      }
      String address = text.substring(0, slash);
      byte[] bytes =
          addressLength == 4 ? AssemblySyntax.ipv4(address) : AssemblySyntax.ipv6(address);
      int length = (int) AssemblySyntax.number(text.substring(slash + 1), addressLength * 8);
      if (prefixLength >= 0 && length != prefixLength) {
        throw new IllegalArgumentException(
            "1:1 translation needs equal prefix lengths, got '"
                + words[1]
                + "' and '"
                + text
                + "'");
      }
      prefixLength = length;
      System.arraycopy(bytes, 0, out, side * addressLength, addressLength);
    }
    out[2 * addressLength] = (byte) prefixLength;
    return out;
  }

  private static void expectWords(String[] words, int count) {
    if (words.length != count) {
      throw new IllegalArgumentException(
          "'" + words[0] + "' takes " + (count - 1) + " arguments, got " + (words.length - 1));
    }
  }

  /** The text form of entry {@code index} of {@code pool} (kind and arguments). */
  static String format(ConstantPool pool, int index) {
    byte[] b = pool.bytes(index);
    return switch (pool.type(index)) {
      case BYTES ->
          switch (b.length) {
            case 4 -> "ipv4 " + AssemblySyntax.formatIpv4(b, 0);
            case 6 -> "mac " + AssemblySyntax.formatMac(b, 0);
            case 16 -> "ipv6 " + AssemblySyntax.formatIpv6(b, 0);
            default -> "bytes " + HexFormat.of().formatHex(b);
          };
      case EGRESS ->
          "egress vni="
              + (((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff))
              + " remote="
              + AssemblySyntax.formatIpv4(b, 4)
              + " port="
              + (((b[8] & 0xff) << 8) | (b[9] & 0xff))
              + " mac="
              + AssemblySyntax.formatMac(b, 10);
      case MAP4 ->
          "map4 "
              + AssemblySyntax.formatIpv4(b, 0)
              + "/"
              + (b[8] & 0xff)
              + " "
              + AssemblySyntax.formatIpv4(b, 4)
              + "/"
              + (b[8] & 0xff);
      case MAP6 ->
          "map6 "
              + AssemblySyntax.formatIpv6(b, 0)
              + "/"
              + (b[32] & 0xff)
              + " "
              + AssemblySyntax.formatIpv6(b, 16)
              + "/"
              + (b[32] & 0xff);
    };
  }
}
