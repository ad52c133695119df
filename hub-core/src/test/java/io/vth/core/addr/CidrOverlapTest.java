package io.vth.core.addr;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.addr.SmallUniverse.Spec;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CidrOverlap#between} on lists long enough for its sweep, against every pair tested. */
class CidrOverlapTest {

  @Provide
  Arbitrary<Spec> specs() {
    return SmallUniverse.specs();
  }

  @Property(tries = 300)
  void longListsGiveTheSamePairsInTheSameOrderAsTestingEveryPair(
      @ForAll @IntRange(max = 2) int where,
      @ForAll @Size(min = 10, max = 40) List<@From("specs") Spec> a,
      @ForAll @Size(min = 26, max = 40) List<@From("specs") Spec> b) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    List<Cidr> left = universe.cidrs(a);
    List<Cidr> right = universe.cidrs(b);

    assertThat(CidrOverlap.between(left, right)).isEqualTo(everyPair(left, right));
  }

  @Test
  @Timeout(30)
  void twoListsOfTenThousandPrefixesAreComparedWithoutTestingEveryPair() {
    List<Cidr> left = new ArrayList<>();
    List<Cidr> right = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      Cidr c = Cidr.of(IpAddress.ofIpv4(0x0a000000 + (i << 6)), 26);
      (i % 2 == 0 ? left : right).add(c);
    }
    assertThat(CidrOverlap.between(left, right)).isEmpty();

    // with an overlap every pair is tested to list them in order: keep that part small
    List<Cidr> fewLeft = left.subList(0, 2_000);
    List<Cidr> fewRight = new ArrayList<>(right.subList(0, 2_000));
    fewRight.add(Cidr.parse("10.0.1.0/24"));
    assertThat(CidrOverlap.between(fewLeft, fewRight))
        .containsExactly(
            new CidrOverlap(Cidr.parse("10.0.1.0/26"), Cidr.parse("10.0.1.0/24")),
            new CidrOverlap(Cidr.parse("10.0.1.128/26"), Cidr.parse("10.0.1.0/24")));
  }

  private static List<CidrOverlap> everyPair(List<Cidr> left, List<Cidr> right) {
    List<CidrOverlap> pairs = new ArrayList<>();
    for (Cidr l : left) {
      for (Cidr r : right) {
        if (SmallUniverse.bits(l).intersects(SmallUniverse.bits(r))) {
          pairs.add(new CidrOverlap(l, r));
        }
      }
    }
    return pairs;
  }
}
