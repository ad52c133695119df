package io.vth.core.addr;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.addr.SmallUniverse.Spec;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class CidrAlgebraPropertiesTest {

  @Provide
  Arbitrary<Spec> specs() {
    return SmallUniverse.specs();
  }

  @Property(tries = 500)
  void subtractionAgreesWithTheModel(
      @ForAll @IntRange(max = 2) int where, @ForAll("specs") Spec a, @ForAll("specs") Spec b) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    Cidr left = universe.cidr(a);
    Cidr right = universe.cidr(b);

    List<Cidr> rest = left.subtract(right);

    BitSet expected = SmallUniverse.bits(left);
    expected.andNot(SmallUniverse.bits(right));
    assertThat(SmallUniverse.bits(rest)).isEqualTo(expected);
    assertThat(rest).isSorted();
    assertThat(rest).hasSize(SmallUniverse.minimalCoverSize(expected));
  }

  @Property(tries = 500)
  void intersectionOverlapAndContainmentAgreeWithTheModel(
      @ForAll @IntRange(max = 2) int where, @ForAll("specs") Spec a, @ForAll("specs") Spec b) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    Cidr left = universe.cidr(a);
    Cidr right = universe.cidr(b);
    BitSet common = SmallUniverse.bits(left);
    common.and(SmallUniverse.bits(right));
    BitSet rightOnly = SmallUniverse.bits(right);
    rightOnly.andNot(SmallUniverse.bits(left));

    Optional<Cidr> intersection = left.intersection(right);

    assertThat(intersection.map(SmallUniverse::bits).orElse(new BitSet())).isEqualTo(common);
    assertThat(left.overlaps(right)).isEqualTo(!common.isEmpty());
    assertThat(left.contains(right)).isEqualTo(rightOnly.isEmpty());
  }

  @Property(tries = 300)
  void addressContainmentAndBoundsAgreeWithTheModel(
      @ForAll @IntRange(max = 2) int where,
      @ForAll("specs") Spec spec,
      @ForAll @IntRange(max = 511) int bit) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    Cidr cidr = universe.cidr(spec);
    BitSet bits = SmallUniverse.bits(cidr);

    assertThat(cidr.contains(universe.address(bit))).isEqualTo(bits.get(bit));
    assertThat(cidr.first()).isEqualTo(universe.address(bits.nextSetBit(0)));
    assertThat(cidr.last()).isEqualTo(universe.address(bits.length() - 1));
    assertThat(cidr.size().intValueExact()).isEqualTo(bits.cardinality());
    assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
  }
}
