package io.vth.core.addr;

import java.util.ArrayList;
import java.util.List;

/**
 * Two prefixes that share addresses, as given by the caller (not coalesced), so that an overlap
 * report can name the configured ranges; {@link #common()} is the shared part.
 */
public record CidrOverlap(Cidr left, Cidr right) {

  /** The addresses both prefixes hold: the longer of the two (prefixes nest when they overlap). */
  public Cidr common() {
    return left.prefixLength() >= right.prefixLength() ? left : right;
  }

  /** Every pair (one from {@code left}, one from {@code right}) that overlaps, in input order. */
  public static List<CidrOverlap> between(List<Cidr> left, List<Cidr> right) {
    List<CidrOverlap> overlaps = new ArrayList<>();
    for (Cidr l : left) {
      for (Cidr r : right) {
        if (l.overlaps(r)) {
          overlaps.add(new CidrOverlap(l, r));
        }
      }
    }
    return List.copyOf(overlaps);
  }

  /** Every pair of distinct positions in {@code cidrs} that overlaps, in input order. */
  public static List<CidrOverlap> within(List<Cidr> cidrs) {
    List<CidrOverlap> overlaps = new ArrayList<>();
    for (int i = 0; i < cidrs.size(); i++) {
      for (int j = i + 1; j < cidrs.size(); j++) {
        if (cidrs.get(i).overlaps(cidrs.get(j))) {
          overlaps.add(new CidrOverlap(cidrs.get(i), cidrs.get(j)));
        }
      }
    }
    return List.copyOf(overlaps);
  }
}
