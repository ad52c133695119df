package io.vth.dataplane;

import io.vth.core.action.ActionProgram;
import io.vth.core.action.ActionRejectedException;
import io.vth.core.action.ActionVerifier;
import io.vth.core.config.DecisionConfig;
import io.vth.core.flow.FlowKey;
import io.vth.core.wire.ActionQuery;
import io.vth.core.wire.ActionReply;
import io.vth.core.wire.HealthProbe;
import io.vth.core.wire.HealthReply;
import io.vth.core.wire.MessageType;
import io.vth.core.wire.ReassemblyStatus;
import io.vth.core.wire.ReplyReassembler;
import io.vth.core.wire.Verdict;
import io.vth.core.wire.WireError;
import io.vth.core.wire.WireReader;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A worker's slow path: packets of flows without a current action wait here (bounded per flow, per
 * attachment and per worker; an attachment also starts at most its hub's {@code newFlowsPerSecond}
 * new flows a second, refused ones counted as {@code tenant_limit}) while one query per flow goes
 * to the most responsive decision pod; a timeout retries another pod, and after {@link
 * #MAX_ATTEMPTS} the packets are dropped as {@code no_decision}. The reply installs the action in
 * the cache and releases the packets. May allocate.
 */
final class SlowPath {

  static final long TIMEOUT_NANOS = 100_000_000L;
  static final int MAX_ATTEMPTS = 3;
  static final int PER_FLOW = 16;
  static final int PER_WORKER = 2048;
  static final int MAX_FLOWS = 4096;
  private static final long REJECTED_ACTION_NANOS = 1_000_000_000L;

  /** The longest lifetime a cached action may have, whatever a reply says (10 minutes). */
  static final long MAX_LIFETIME_MILLIS = 600_000;

  /** Round trips outside 0..10 s in a health reply are not believed. */
  static final long MAX_RTT_NANOS = 10_000_000_000L;

  private static final class Pending {
    final FlowKey key;
    final ArrayDeque<byte[]> packets = new ArrayDeque<>();
    long requestId;
    DecisionPeers.Peer peer;
    int attempts;
    long sentAt;

    Pending(FlowKey key) {
      this.key = key;
    }
  }

  private final PacketWorker worker;
  private final Map<FlowKey, Pending> byFlow = new HashMap<>();
  private final Map<Long, Pending> byRequest = new HashMap<>();
  private final WireReader reader;
  private final ReplyReassembler reassembler =
      new ReplyReassembler(256, 1 << 20, TIMEOUT_NANOS * 4);
  private final ActionQuery query = new ActionQuery();
  private final HealthProbe probe = new HealthProbe();
  private final byte[] message = new byte[ActionQuery.LENGTH + HealthProbe.LENGTH];
  // One network flooding new flows must leave room (and decision-pod time) to the others.
  private final TenantShares flowShares = new TenantShares();
  private final TenantShares packetShares = new TenantShares();
  private long nextRequestId;
  private long probeSequence;
  private int queued;

  SlowPath(PacketWorker worker) {
    this.worker = worker;
    this.reader = new WireReader(worker.state.identity.cellId());
    this.nextRequestId = ((long) worker.state.identity.podId() << 32) ^ System.nanoTime();
  }

  void miss(FlowKey key, byte[] packet, int length, long now) {
    Pending p = byFlow.get(key);
    if (p == null) {
      if (byFlow.size() >= MAX_FLOWS) {
        worker.stats.drop(DropCause.QUEUE_FULL);
        return;
      }
      if (!takeFlow(key.vni(), now)) {
        worker.stats.drop(DropCause.TENANT_LIMIT);
        return;
      }
      p = new Pending(key.copy());
      byFlow.put(p.key, p);
      ask(p, now, null);
      if (!byFlow.containsKey(p.key)) {
        worker.stats.drop(DropCause.NO_DECISION);
        return;
      }
    }
    if (p.packets.size() >= PER_FLOW || queued >= PER_WORKER) {
      worker.stats.drop(DropCause.QUEUE_FULL);
      return;
    }
    if (!packetShares.take(key.vni(), now, limits(key.vni()).queuedPackets())) {
      worker.stats.drop(DropCause.TENANT_LIMIT);
      return;
    }
    byte[] copy = new byte[length];
    System.arraycopy(packet, 0, copy, 0, length);
    p.packets.add(copy);
    queued++;
  }

  /** Asks again for a flow whose action is still current but expired, unless a query is out. */
  void refresh(FlowKey key, long now) {
    if (!byFlow.containsKey(key) && byFlow.size() < MAX_FLOWS && takeFlow(key.vni(), now)) {
      Pending p = new Pending(key.copy());
      byFlow.put(p.key, p);
      ask(p, now, null);
    }
  }

  private void ask(Pending p, long now, DecisionPeers.Peer exclude) {
    DecisionPeers.Peer peer = worker.state.peers.choose(now, exclude);
    if (peer == null) {
      fail(p);
      return;
    }
    byRequest.remove(p.requestId);
    p.requestId = nextRequestId++;
    p.peer = peer;
    p.attempts++;
    p.sentAt = now;
    byRequest.put(p.requestId, p);
    var id = worker.state.identity;
    int len =
        query
            .set(id.cellId(), id.podId(), p.requestId, worker.state.requiredGeneration(), p.key)
            .encode(message, 0);
    worker.out.sendControl(message, len, peer.address());
    worker.stats.queriesSent++;
  }

  private void fail(Pending p) {
    for (int i = 0; i < p.packets.size(); i++) {
      worker.stats.drop(DropCause.NO_DECISION);
    }
    queued -= p.packets.size();
    release(p);
    byFlow.remove(p.key);
    byRequest.remove(p.requestId);
  }

  /**
   * Takes a message from a decision pod: only from one of the known decision pods, and only replies
   * to outstanding queries (see {@link #install}); claimed generations are clamped.
   */
  void onControl(byte[] buf, int off, int len, InetSocketAddress from, long now) {
    if (reader.read(buf, off, len) != WireError.NONE || !worker.state.peers.isKnown(from)) {
      worker.stats.controlRejected++;
      return;
    }
    MessageType type = reader.type();
    if (type == MessageType.ACTION_REPLY) {
      if (!byRequest.containsKey(reader.replySegment().requestId())) {
        worker.stats.controlRejected++;
      } else if (reassembler.offer(reader.replySegment(), now) == ReassemblyStatus.COMPLETE) {
        install(reassembler.completed(), now);
      }
    } else if (type == MessageType.GENERATION_CHANGE) {
      long claimed = reader.generationChange().generation();
      worker.state.require(Math.min(claimed, worker.state.highestClaimableGeneration()));
    } else if (type == MessageType.HEALTH_REPLY) {
      HealthReply r = reader.healthReply();
      long rtt = now - r.probeTimeNanos();
      if (rtt >= 0 && rtt <= MAX_RTT_NANOS) {
        worker.state.peers.answered(from, now, rtt, r.generation());
      }
    } else {
      worker.stats.controlRejected++;
    }
  }

  private void install(ActionReply reply, long now) {
    Pending p = byRequest.remove(reply.requestId());
    if (p == null || !p.key.equals(reply.flow())) {
      return;
    }
    byFlow.remove(p.key);
    CachedAction action = action(reply, worker.state.highestClaimableGeneration(), now);
    worker.cache.put(p.key, action, now);
    long hash = p.key.hash64();
    for (byte[] packet : p.packets) {
      worker.execute(action, packet, packet.length, p.key.vni(), hash, now);
    }
    queued -= p.packets.size();
    release(p);
  }

  /** The limits of attachment {@code vni}'s hub (the defaults for a VNI no longer served). */
  private DecisionConfig.Limits limits(int vni) {
    Segment seg = worker.state.segments().get(vni);
    return seg == null ? DecisionConfig.Limits.DEFAULT : seg.limits;
  }

  private boolean takeFlow(int vni, long now) {
    DecisionConfig.Limits l = limits(vni);
    return flowShares.take(vni, now, l.waitingFlows(), l.newFlowsPerSecond(), l.newFlowBurst());
  }

  private void release(Pending p) {
    flowShares.release(p.key.vni(), 1);
    packetShares.release(p.key.vni(), p.packets.size());
  }

  private static CachedAction action(ActionReply reply, long highestGeneration, long now) {
    long expires = now + Math.min(reply.lifetimeMillis(), MAX_LIFETIME_MILLIS) * 1_000_000L;
    long generation = Math.min(reply.generation(), highestGeneration);
    if (reply.verdict() == Verdict.DROP) {
      return new CachedAction(
          null, DropCause.ofReasonCode(reply.dropReason()), generation, expires);
    }
    try {
      ActionProgram program = ActionVerifier.verify(reply.programArray(), 0, reply.programLength());
      return new CachedAction(program, null, generation, expires);
    } catch (ActionRejectedException e) {
      return new CachedAction(
          null, DropCause.VERIFIER_REJECTED, generation, now + REJECTED_ACTION_NANOS);
    }
  }

  void tick(long now) {
    if (!byFlow.isEmpty()) {
      Iterator<Pending> it = byFlow.values().iterator();
      java.util.List<Pending> retry = null;
      while (it.hasNext()) {
        Pending p = it.next();
        if (now - p.sentAt > TIMEOUT_NANOS) {
          if (retry == null) {
            retry = new java.util.ArrayList<>();
          }
          retry.add(p);
        }
      }
      if (retry != null) {
        for (Pending p : retry) {
          if (p.attempts >= MAX_ATTEMPTS) {
            fail(p);
          } else {
            worker.stats.queryRetries++;
            ask(p, now, p.peer);
          }
        }
      }
    }
    reassembler.expire(now);
  }

  /** Sends a health probe to every decision pod (one worker does this for the pod). */
  void probe(long now) {
    var id = worker.state.identity;
    for (DecisionPeers.Peer peer : worker.state.peers.all()) {
      int len = probe.set(id.cellId(), id.podId(), probeSequence++, now).encode(message, 0);
      worker.out.sendControl(message, len, peer.address());
    }
  }

  /** Flows waiting for a decision. */
  int pendingFlows() {
    return byFlow.size();
  }

  /** Packets waiting for a decision. */
  int queued() {
    return queued;
  }
}
