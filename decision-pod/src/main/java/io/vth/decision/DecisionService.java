package io.vth.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vth.core.action.ActionProgram;
import io.vth.core.action.DropReason;
import io.vth.core.config.DecisionConfig;
import io.vth.core.flow.FlowKey;
import io.vth.core.wire.ActionReply;
import io.vth.core.wire.Verdict;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers action queries from the current generation of the decision config: decides the flow and
 * fills the reply with a verified program or a drop reason. Thread-safe: a generation and its
 * compiled programs are swapped together.
 */
public final class DecisionService {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionService.class);

  /** How long a dataplane pod may keep an action before asking again, if nothing changes. */
  public static final int LIFETIME_MILLIS = 60_000;

  private static final byte[] NO_PROGRAM = new byte[0];

  private record Generation(DecisionTables tables, ActionCompiler compiler) {}

  private volatile Generation current;
  private final Counter forwarded;
  private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

  /** A service with no config yet (every query is dropped as no_route until one arrives). */
  public DecisionService(MeterRegistry registry) {
    forwarded =
        Counter.builder("vth_decision_queries_total")
            .description("Action queries answered, by verdict and drop reason")
            .tags("verdict", "forward", "reason", "")
            .register(registry);
    for (DropReason r : DropReason.values()) {
      dropped.put(
          r,
          Counter.builder("vth_decision_queries_total")
              .description("Action queries answered, by verdict and drop reason")
              .tags("verdict", "drop", "reason", r.label())
              .register(registry));
    }
  }

  /** Takes a new generation; returns false (keeping the current one) when it cannot be compiled. */
  public boolean accept(DecisionConfig config) {
    try {
      current = new Generation(DecisionTables.compile(config), new ActionCompiler());
      return true;
    } catch (RuntimeException e) {
      LOG.error(
          "generation {} cannot be compiled, keeping the current one", config.generation(), e);
      return false;
    }
  }

  /** The generation in use, or -1 before the first. */
  public long generation() {
    Generation g = current;
    return g == null ? -1 : g.tables().generation();
  }

  /** Whether a config has arrived. */
  public boolean hasConfig() {
    return current != null;
  }

  /**
   * Decides {@code key} and fills {@code reply} (whose cell, pod and request id the caller set).
   */
  public void answer(FlowKey key, long cellId, int podId, long requestId, ActionReply reply) {
    Generation g = current;
    if (g == null) {
      drop(reply, cellId, podId, requestId, key, -1, DropReason.NO_ROUTE);
      return;
    }
    Decision d = Decider.decide(g.tables(), key);
    long generation = g.tables().generation();
    if (!d.forwards()) {
      drop(reply, cellId, podId, requestId, key, generation, d.drop());
      return;
    }
    ActionProgram program;
    try {
      program = g.compiler().compile(d, key);
    } catch (RuntimeException e) {
      LOG.error("no program for flow {}: {}", key, e.getMessage());
      drop(reply, cellId, podId, requestId, key, generation, DropReason.POLICY);
      return;
    }
    byte[] code = program.encode();
    reply
        .set(cellId, podId, requestId, key, generation, LIFETIME_MILLIS, Verdict.FORWARD, 0)
        .setProgram(code, 0, code.length);
    forwarded.increment();
  }

  private void drop(
      ActionReply reply,
      long cellId,
      int podId,
      long requestId,
      FlowKey key,
      long generation,
      DropReason reason) {
    reply
        .set(
            cellId,
            podId,
            requestId,
            key,
            Math.max(0, generation),
            LIFETIME_MILLIS,
            Verdict.DROP,
            reason.code())
        .setProgram(NO_PROGRAM, 0, 0);
    dropped.get(reason).increment();
  }
}
