package io.vth.core.addr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Allocates free prefixes of a requested length from a pool (e.g. {@code 100.64.0.0/10}) around a
 * set of used ranges. Deterministic: always the lowest free aligned prefix, so the same inputs give
 * the same answer on every operator replica. Immutable and thread-safe; the caller owns the used
 * set.
 */
public final class PrefixAllocator {

  private final Cidr pool;

  private PrefixAllocator(Cidr pool) {
    this.pool = pool;
  }

  /** An allocator that hands out prefixes inside {@code pool}. */
  public static PrefixAllocator ofPool(Cidr pool) {
    return new PrefixAllocator(Objects.requireNonNull(pool, "pool"));
  }

  public Cidr pool() {
    return pool;
  }

  /**
   * The lowest prefix of {@code prefixLength} inside the pool that overlaps none of {@code used},
   * or empty when there is none.
   */
  public Optional<Cidr> findFree(int prefixLength, Collection<Cidr> used) {
    checkLength(prefixLength);
    CidrSet free = CidrSet.of(pool).subtract(CidrSet.of(used));
    for (Cidr block : free.cidrs()) {
      if (block.prefixLength() <= prefixLength) {
        return Optional.of(Cidr.covering(block.network(), prefixLength));
      }
    }
    return Optional.empty();
  }

  /**
   * The lowest free prefix of {@code prefixLength}, as {@link #findFree} does.
   *
   * @throws IllegalStateException when the pool has no free prefix of that length left
   */
  public Cidr allocate(int prefixLength, Collection<Cidr> used) {
    return findFree(prefixLength, used).orElseThrow(() -> exhausted(prefixLength, 1, 0, used));
  }

  /**
   * {@code count} distinct free prefixes of {@code prefixLength}, lowest first.
   *
   * @throws IllegalStateException when fewer than {@code count} are free (nothing is allocated)
   */
  public List<Cidr> allocate(int prefixLength, int count, Collection<Cidr> used) {
    List<Cidr> taken = new ArrayList<>(used);
    List<Cidr> allocated = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Optional<Cidr> next = findFree(prefixLength, taken);
      if (next.isEmpty()) {
        throw exhausted(prefixLength, count, i, used);
      }
      allocated.add(next.get());
      taken.add(next.get());
    }
    return List.copyOf(allocated);
  }

  private void checkLength(int prefixLength) {
    int bits = pool.family().bitLength();
    if (prefixLength < pool.prefixLength() || prefixLength > bits) {
      throw new IllegalArgumentException(
          "cannot allocate a /"
              + prefixLength
              + " from pool "
              + pool
              + ": the length must be from "
              + pool.prefixLength()
              + " to "
              + bits);
    }
  }

  private IllegalStateException exhausted(
      int prefixLength, int wanted, int found, Collection<Cidr> used) {
    return new IllegalStateException(
        "pool "
            + pool
            + " is exhausted: wanted "
            + wanted
            + " free /"
            + prefixLength
            + ", found "
            + found
            + " ("
            + used.size()
            + " ranges in use, "
            + CidrSet.of(pool).intersection(CidrSet.of(used)).size()
            + " of "
            + pool.size()
            + " addresses taken)");
  }
}
