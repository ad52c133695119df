package io.vth.dataplane;

import java.util.HashMap;
import java.util.Map;

/**
 * One worker's accounting of what each attachment (VNI) holds of a pool the worker's attachments
 * share, so that one network flooding the pool leaves the rest to the others: each attachment may
 * hold at most its share of units at once, and take at most its rate of new units a second (a token
 * bucket with a burst); share and rate come with each request (from the attachment's hub). Used on
 * the slow path only (it may allocate, once per attachment); not thread-safe (one per worker).
 */
final class TenantShares {

  private static final long SECOND = 1_000_000_000L;

  private static final class Account {
    int held;
    double tokens;
    long refilledAt;
  }

  private final Map<Integer, Account> accounts = new HashMap<>();

  /**
   * Takes one unit for {@code vni} if it holds fewer than {@code share}; false (none taken) else.
   */
  boolean take(int vni, long now, int share) {
    return take(vni, now, share, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /**
   * Takes one unit for {@code vni} if it holds fewer than {@code share} and its rate ({@code
   * ratePerSecond}, bursts of {@code burst}) allows; false (nothing taken) else.
   */
  boolean take(int vni, long now, int share, double ratePerSecond, double burst) {
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
