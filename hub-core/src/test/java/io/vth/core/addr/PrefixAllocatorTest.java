package io.vth.core.addr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vth.core.addr.SmallUniverse.Spec;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PrefixAllocatorTest {

  private static final PrefixAllocator CGNAT = PrefixAllocator.ofPool(Cidr.parse("100.64.0.0/10"));

  @Test
  void allocatesTheLowestFreePrefix() {
    List<Cidr> used =
        List.of(Cidr.parse("100.64.0.0/24"), Cidr.parse("100.64.2.0/23"), Cidr.parse("10.0.0.0/8"));

    assertThat(CGNAT.allocate(24, used)).hasToString("100.64.1.0/24");
    assertThat(CGNAT.allocate(23, used)).hasToString("100.64.4.0/23");
    assertThat(CGNAT.allocate(24, 3, used))
        .map(Cidr::toString)
        .containsExactly("100.64.1.0/24", "100.64.4.0/24", "100.64.5.0/24");
  }

  @Test
  void reportsExhaustion() {
    PrefixAllocator small = PrefixAllocator.ofPool(Cidr.parse("100.64.0.0/23"));
    List<Cidr> used = List.of(Cidr.parse("100.64.0.0/24"));

    assertThat(small.findFree(24, List.of(Cidr.parse("100.64.0.0/23")))).isEmpty();
    assertThatThrownBy(() -> small.allocate(24, 2, used))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "pool 100.64.0.0/23 is exhausted: wanted 2 free /24, found 1 (1 ranges in use, 256 of 512"
                + " addresses taken)");
  }

  @Test
  void rejectsLengthsOutsideThePool() {
    assertThatThrownBy(() -> CGNAT.allocate(8, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot allocate a /8 from pool 100.64.0.0/10: the length must be from 10 to 32");
  }

  @Provide
  Arbitrary<Spec> ipv4Specs() {
    return SmallUniverse.ipv4Specs();
  }

  @Property(tries = 400)
  void findsTheLowestFreeAlignedBlockInsideThePool(
      @ForAll @IntRange(max = 2) int where,
      @ForAll("ipv4Specs") Spec poolSpec,
      @ForAll @Size(max = 6) List<@From("ipv4Specs") Spec> usedSpecs,
      @ForAll @IntRange(max = 8) int hostBits) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    Cidr pool = universe.cidr(poolSpec);
    List<Cidr> used = universe.cidrs(usedSpecs);
    int length = Math.max(pool.prefixLength(), 32 - hostBits);

    Optional<Cidr> found = PrefixAllocator.ofPool(pool).findFree(length, used);

    assertThat(found).isEqualTo(bruteForceLowestFree(universe, pool, used, 32 - length));
  }

  @Property(tries = 200)
  void allocationsNeverOverlapEachOtherOrUsedRanges(
      @ForAll @IntRange(max = 2) int where,
      @ForAll @Size(max = 6) List<@From("ipv4Specs") Spec> usedSpecs,
      @ForAll @IntRange(max = 8) int hostBits,
      @ForAll @IntRange(min = 1, max = 8) int count) {
    SmallUniverse universe = SmallUniverse.ALL.get(where);
    Cidr pool = universe.cidr(new Spec(false, 8, 0));
    List<Cidr> used = universe.cidrs(usedSpecs);
    BitSet taken = SmallUniverse.bits(used);
    PrefixAllocator allocator = PrefixAllocator.ofPool(pool);

    List<Cidr> allocated;
    try {
      allocated = allocator.allocate(32 - hostBits, count, used);
    } catch (IllegalStateException exhausted) {
      assertThat(freeBlocks(taken, hostBits)).isLessThan(count);
      return;
    }

    assertThat(allocated).hasSize(count).allMatch(pool::contains);
    for (Cidr cidr : allocated) {
      assertThat(SmallUniverse.bits(cidr).intersects(taken)).isFalse();
      taken.or(SmallUniverse.bits(cidr));
    }
  }

  private static Optional<Cidr> bruteForceLowestFree(
      SmallUniverse universe, Cidr pool, List<Cidr> used, int hostBits) {
    BitSet inPool = SmallUniverse.bits(pool);
    BitSet taken = SmallUniverse.bits(used);
    for (int start = 0; start < 256; start += 1 << hostBits) {
      BitSet block = new BitSet();
      block.set(start, start + (1 << hostBits));
      BitSet outside = (BitSet) block.clone();
      outside.andNot(inPool);
      if (outside.isEmpty() && !block.intersects(taken)) {
        return Optional.of(Cidr.of(universe.address(start), 32 - hostBits));
      }
    }
    return Optional.empty();
  }

  private static int freeBlocks(BitSet taken, int hostBits) {
    int free = 0;
    for (int start = 0; start < 256; start += 1 << hostBits) {
      if (taken.get(start, start + (1 << hostBits)).isEmpty()) {
        free++;
      }
    }
    return free;
  }
}
