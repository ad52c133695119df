package io.vth.core.addr;

import java.util.ArrayList;
import java.util.Comparator;
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
    // Pairing every prefix with every other is quadratic: two attachments of 10,000 prefixes each
    // are 10^8 tests. Most pairs of lists share nothing, which one sort and sweep proves.
    if ((long) left.size() * right.size() > SWEEP_ABOVE && !anyOverlap(left, right)) {
      return List.of();
    }
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

  /** Pairs to test above which a sweep first checks whether there is any overlap at all. */
  private static final long SWEEP_ABOVE = 256;

  private record Side(Cidr cidr, boolean left) {}

  /**
   * Whether a prefix of {@code left} shares an address with one of {@code right}: sorted by first
   * address, an element overlaps the other side exactly when an earlier element of the other side
   * (of the same family) reaches at least to its first address.
   */
  private static boolean anyOverlap(List<Cidr> left, List<Cidr> right) {
    List<Side> all = new ArrayList<>(left.size() + right.size());
    left.forEach(c -> all.add(new Side(c, true)));
    right.forEach(c -> all.add(new Side(c, false)));
    all.sort(Comparator.comparing(Side::cidr));
    IpFamily family = null;
    IpAddress leftEnd = null;
    IpAddress rightEnd = null;
    for (Side s : all) {
      Cidr c = s.cidr();
      if (c.family() != family) {
        family = c.family();
        leftEnd = null;
        rightEnd = null;
      }
      IpAddress otherEnd = s.left() ? rightEnd : leftEnd;
      if (otherEnd != null && otherEnd.compareTo(c.network()) >= 0) {
        return true;
      }
      IpAddress last = c.last();
      if (s.left()) {
        leftEnd = leftEnd == null || last.compareTo(leftEnd) > 0 ? last : leftEnd;
      } else {
        rightEnd = rightEnd == null || last.compareTo(rightEnd) > 0 ? last : rightEnd;
      }
    }
    return false;
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
