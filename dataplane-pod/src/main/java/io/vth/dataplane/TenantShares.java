package io.vth.dataplane;

import java.util.HashMap;
import java.util.Map;

/**
 * One worker's accounting of what each attachment (VNI) holds of a pool the worker's attachments
 * share, so that one network flooding the pool leaves the rest to the others: each attachment may
 * hold at most {@code share} units at once, and take at most {@code ratePerSecond} new units a
 * second (a token bucket with a burst of {@code burst}). Used on the slow path only (it may
 * allocate, once per attachment); not thread-safe (one per worker).
 */
final class TenantShares {

  private static final long SECOND = 1_000_000_000L;

  private static final class Account {
    int held;
    double tokens;
    long refilledAt;
  }

  private final int share;
  private final double ratePerSecond;
  private final double burst;
  private final Map<Integer, Account> accounts = new HashMap<>();

  /** At most {@code share} held per attachment; no rate bound. */
  TenantShares(int share) {
    this(share, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  TenantShares(int share, double ratePerSecond, double burst) {
    this.share = share;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** Takes one unit for {@code vni} if its share and its rate allow; false (nothing taken) else. */
  boolean take(int vni, long now) {
    Account a = accounts.get(vni);
    if (a == null) {
      a = new Account();
      a.tokens = burst;
      a.refilledAt = now;
      accounts.put(vni, a);
    }
    if (a.held >= share) {
      return false;
    }
    if (ratePerSecond != Double.POSITIVE_INFINITY) {
      a.tokens = Math.min(burst, a.tokens + (now - a.refilledAt) * ratePerSecond / SECOND);
      a.refilledAt = now;
      if (a.tokens < 1) {
        return false;
      }
      a.tokens -= 1;
    }
    a.held++;
    return true;
  }

  /** Gives back {@code n} units of {@code vni}. */
  void release(int vni, int n) {
    Account a = accounts.get(vni);
    if (a != null) {
      a.held = Math.max(0, a.held - n);
    }
  }

  /** Units {@code vni} holds now. */
  int held(int vni) {
    Account a = accounts.get(vni);
    return a == null ? 0 : a.held;
  }
}
