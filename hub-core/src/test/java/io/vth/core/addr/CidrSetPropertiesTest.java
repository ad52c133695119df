package io.vth.core.addr;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.addr.SmallUniverse.Spec;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CidrSetPropertiesTest {

  @Provide
  Arbitrary<Spec> specs() {
    return SmallUniverse.specs();
  }

  @Property(tries = 400)
  void coalescingKeepsTheAddressesInTheFewestSortedPrefixes(
      @ForAll @IntRange(max = 2) int where,
      @ForAll @Size(max = 12) List<@From("specs") Spec> specs) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    List<Cidr> input = universe.cidrs(specs);

    CidrSet set = CidrSet.of(input);

    BitSet expected = SmallUniverse.bits(input);
    assertThat(SmallUniverse.bits(set.cidrs())).isEqualTo(expected);
    assertThat(set.cidrs()).isSorted().hasSize(SmallUniverse.minimalCoverSize(expected));
    assertThat(set.size().intValueExact()).isEqualTo(expected.cardinality());
    assertThat(set.isEmpty()).isEqualTo(expected.isEmpty());
  }

  @Property(tries = 400)
  void setOperationsAgreeWithTheModel(
      @ForAll @IntRange(max = 2) int where,
      @ForAll @Size(max = 8) List<@From("specs") Spec> a,
      @ForAll @Size(max = 8) List<@From("specs") Spec> b) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    CidrSet left = CidrSet.of(universe.cidrs(a));
    CidrSet right = CidrSet.of(universe.cidrs(b));
    BitSet l = SmallUniverse.bits(universe.cidrs(a));
    BitSet r = SmallUniverse.bits(universe.cidrs(b));

    assertThat(left.union(right)).isEqualTo(CidrSet.of(universe.cidrs(concat(a, b))));
    assertThat(SmallUniverse.bits(left.union(right).cidrs())).isEqualTo(or(l, r));
    assertThat(SmallUniverse.bits(left.intersection(right).cidrs())).isEqualTo(and(l, r));
    assertThat(SmallUniverse.bits(left.subtract(right).cidrs())).isEqualTo(andNot(l, r));
    assertThat(left.overlaps(right)).isEqualTo(l.intersects(r));
    assertThat(left.intersection(right).cidrs()).hasSize(SmallUniverse.minimalCoverSize(and(l, r)));
    assertThat(left.subtract(right).cidrs()).hasSize(SmallUniverse.minimalCoverSize(andNot(l, r)));
  }

  @Property(tries = 300)
  void membershipAgreesWithTheModel(
      @ForAll @IntRange(max = 2) int where,
      @ForAll @Size(max = 8) List<@From("specs") Spec> specs,
      @ForAll("specs") Spec probe,
      @ForAll @IntRange(max = 511) int bit) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    CidrSet set = CidrSet.of(universe.cidrs(specs));
    BitSet bits = SmallUniverse.bits(universe.cidrs(specs));
    Cidr probeCidr = universe.cidr(probe);

    assertThat(set.contains(universe.address(bit))).isEqualTo(bits.get(bit));
    assertThat(set.contains(probeCidr))
        .isEqualTo(andNot(SmallUniverse.bits(probeCidr), bits).isEmpty());
  }

  @Property(tries = 200)
  void overlapPairsAreExactlyThePairsSharingAddresses(
      @ForAll @IntRange(max = 2) int where,
      @ForAll @Size(max = 6) List<@From("specs") Spec> a,
      @ForAll @Size(max = 6) List<@From("specs") Spec> b) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    List<Cidr> left = universe.cidrs(a);
    List<Cidr> right = universe.cidrs(b);

    List<CidrOverlap> overlaps = CidrOverlap.between(left, right);

    long expected =
        left.stream()
            .mapToLong(
                l ->
                    right.stream()
                        .filter(r -> SmallUniverse.bits(l).intersects(SmallUniverse.bits(r)))
                        .count())
            .sum();
    assertThat(overlaps).hasSize((int) expected);
    for (CidrOverlap overlap : overlaps) {
      assertThat(SmallUniverse.bits(overlap.common()))
          .isEqualTo(and(SmallUniverse.bits(overlap.left()), SmallUniverse.bits(overlap.right())));
    }
  }

  private static List<Spec> concat(List<Spec> a, List<Spec> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static BitSet or(BitSet a, BitSet b) {
    BitSet result = (BitSet) a.clone();
    result.or(b);
    return result;
  }

  private static BitSet and(BitSet a, BitSet b) {
    BitSet result = (BitSet) a.clone();
    result.and(b);
    return result;
  }

  private static BitSet andNot(BitSet a, BitSet b) {
    BitSet result = (BitSet) a.clone();
    result.andNot(b);
    return result;
  }
}
