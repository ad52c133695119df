package io.vth.dataplane;

/**
 * Counters of one worker. Only the worker writes them (plain fields, no atomics on the fast path);
 * the metrics registry reads them from another thread, which may see a value a few packets old.
 */
public final class WorkerStats {

  long packetsReceived;
  long bytesReceived;
  long packetsForwarded;
  long bytesForwarded;
  long cacheHits;
  long cacheMisses;
  long queriesSent;
  long queryRetries;
  long handoffs;
  long controlRejected;
  final long[] dropped = new long[DropCause.values().length];

  void drop(DropCause cause) {
    dropped[cause.ordinal()]++;
  }

  /**
   * Authentic messages from decision pods not acted on: undecodable, from an address that is no
   * known decision pod, a reply to no outstanding query, or of a type a dataplane pod never gets.
   */
  public long controlRejected() {
    return controlRejected;
  }

  /** Packets dropped for {@code cause}. */
  public long dropped(DropCause cause) {
    return dropped[cause.ordinal()];
  }

  /** Packets received from attachments. */
  public long packetsReceived() {
    return packetsReceived;
  }

  /** Packets sent on toward an attachment. */
  public long packetsForwarded() {
    return packetsForwarded;
  }

  /** Lookups that found a current action. */
  public long cacheHits() {
    return cacheHits;
  }

  /** Lookups that had to ask a decision pod. */
  public long cacheMisses() {
    return cacheMisses;
  }

  /** Action queries sent, retries included. */
  public long queriesSent() {
    return queriesSent;
  }
}
