package io.vth.core.lpm;

import io.vth.core.addr.IpAddress;

/**
 * A longest-prefix-match table from prefixes to non-negative int values (such as route indexes).
 *
 * <p>Tables are immutable once built and safe to read from any number of threads; publish a new
 * generation through a volatile field or another safe-publication mechanism.
 */
public interface LpmTable {

  /** The lookup result when no prefix matches. */
  int NO_MATCH = -1;

  /** The largest value a route may carry. */
  int MAX_VALUE = Integer.MAX_VALUE;

  /** The value of the longest prefix containing {@code address}, or {@link #NO_MATCH}. */
  int lookup(IpAddress address);

  /** Number of distinct prefixes in the table. */
  int routeCount();

  /** Approximate heap used by the lookup structure, in bytes. */
  long memoryBytes();
}
