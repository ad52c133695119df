package io.vth.core.action;

import java.util.Set;
import java.util.TreeSet;

/**
 * Summarises what a program does in words ({@code describe} of a cached action): where it sends
 * packets, why it drops them, which bytes it rewrites, which checksums it fixes.
 */
final class ActionDescriber {

  private ActionDescriber() {}

  static String describe(ActionProgram p) {
    Set<String> egress = new TreeSet<>();
    Set<String> drops = new TreeSet<>();
    Set<String> writes = new TreeSet<>();
    Set<String> checksums = new TreeSet<>();
    Set<String> dns = new TreeSet<>();
    Set<Integer> requires = new TreeSet<>();
    ConstantPool pool = p.constants();
    for (int i = 0; i < p.instructionCount(); i++) {
      Opcode op = p.opcode(i);
      int imm = p.imm(i);
      int a = (imm >>> 8) & 0xff;
      switch (op.format()) {
        case STORE, STORE_INDEXED ->
            writes.add(range(op.format() == Opcode.Format.STORE, p.dst(i), p.off(i), op.width()));
        case COPY, COPY_INDEXED ->
            writes.add(
                range(op.format() == Opcode.Format.COPY, p.dst(i), p.off(i), pool.length(imm)));
        case REQUIRE -> requires.add(imm);
        case CALL -> {
          switch (Helper.ofId(imm & 0xff)) {
            case CSUM_FIX ->
                checksums.add(
                    AssemblySyntax.memory((imm >>> 16 & 2) != 0 ? imm >>> 20 & 0xf : -1, p.off(i)));
            case SET_EGRESS ->
                egress.add(ConstantSyntax.format(pool, a).substring("egress ".length()));
            case DNS_REWRITE -> dns.add(mappings(pool, a, (imm >>> 16) & 0xff));
            case DROP -> drops.add(DropReason.ofCode(a).label());
            case EMIT -> {}
          }
        }
        default -> {}
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("action program of ").append(plural(p.instructionCount(), "instruction"));
    out.append(" and ").append(plural(pool.count(), "constant")).append('\n');
    line(out, "forwards to", egress);
    line(out, "drops as", drops);
    line(out, "needs packet length at least", requires);
    line(out, "rewrites packet bytes", writes);
    line(out, "fixes checksums at", checksums);
    line(out, "rewrites DNS answers through", dns);
    return out.toString();
  }

  private static String range(boolean constant, int base, int off, int width) {
    String start = constant ? Integer.toString(off) : "r" + base + "+" + off;
    return width == 1
        ? start
        : start + ".." + (constant ? Integer.toString(off + width - 1) : "+" + (width - 1));
  }

  private static String mappings(ConstantPool pool, int map4, int map6) {
    String v4 = map4 == Helper.NO_MAPPING ? "" : arrow(ConstantSyntax.format(pool, map4));
    String v6 = map6 == Helper.NO_MAPPING ? "" : arrow(ConstantSyntax.format(pool, map6));
    return v4 + (v4.isEmpty() || v6.isEmpty() ? "" : " and ") + v6;
  }

  /** "map4 a/n b/n" as "a/n -> b/n". */
  private static String arrow(String mapping) {
    String[] words = mapping.split(" ");
    return words[1] + " -> " + words[2];
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static void line(StringBuilder out, String what, Set<?> items) {
    if (!items.isEmpty()) {
      out.append("  ")
          .append(what)
          .append(": ")
          .append(String.join(", ", items.stream().map(String::valueOf).toList()))
          .append('\n');
    }
  }
}
