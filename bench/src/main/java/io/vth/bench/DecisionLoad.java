package io.vth.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfigJson;
import io.vth.core.flow.FlowKey;
import io.vth.core.packet.IpProtocol;
import io.vth.core.wire.ActionQuery;
import io.vth.core.wire.ActionReply;
import io.vth.core.wire.MessageType;
import io.vth.core.wire.Verdict;
import io.vth.core.wire.WireError;
import io.vth.core.wire.WireProtocol;
import io.vth.core.wire.WireReader;
import io.vth.decision.DecisionService;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Load on the decision pod (issue 9, item 3) and its baselines.
 *
 * <pre>
 * DecisionLoad udp HOST:PORT CONFIG SECONDS WINDOW [WARMUP [GAP_MICROS]]
 *                                                  queries over UDP, WINDOW outstanding; with GAP_MICROS
 *                                                  (window 1 only) a pause after each reply: the latency of
 *                                                  a query that arrives at an idle pod, as a first packet's does
 * DecisionLoad inprocess CONFIG SECONDS [WARMUP]              decode + decide + compile + encode, no UDP
 * DecisionLoad echo HOST:PORT                                 a UDP echo server (the UDP-only baseline)
 * </pre>
 *
 * Queries: 65,536 distinct IPv4/UDP flows cycled in order, each from a random host of one of the
 * config's attachments (round-robin) to a uniformly random IPv4 address; with the 100k random
 * routes of {@link DecisionConfigs} nearly all of them match a route, so each query is a full
 * longest-prefix match in a 100k-route table plus building the reply. A reply is matched to its
 * query by request id; the latency is from just before the send to just after the receive, in one
 * thread. Queries unanswered for 50 ms count as lost and are replaced.
 */
public final class DecisionLoad {

  static final int FLOWS = 1 << 16;
  static final long LOST_AFTER = 50_000_000L;

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "udp" ->
          udp(
              VxlanBlast.parse(args[1]),
              Path.of(args[2]),
              Double.parseDouble(args[3]),
              Integer.parseInt(args[4]),
              args.length > 5 ? Double.parseDouble(args[5]) : 3,
              args.length > 6 ? Long.parseLong(args[6]) : 0);
      case "inprocess" ->
          inProcess(
              Path.of(args[1]),
              Double.parseDouble(args[2]),
              args.length > 3 ? Double.parseDouble(args[3]) : 3);
      case "echo" -> echo(VxlanBlast.parse(args[1]));
      default -> throw new IllegalArgumentException("mode: udp, inprocess or echo");
    }
  }

  static long cellId(String cell) throws Exception {
    byte[] c = MessageDigest.getInstance("SHA-256").digest(cell.getBytes(StandardCharsets.UTF_8));
    long id = 0;
    for (int i = 0; i < 8; i++) {
      id = (id << 8) | (c[i] & 0xff);
    }
    return id;
  }

  static FlowKey[] flows(DecisionConfig config) {
    List<Attachment> atts = config.hubs().get(0).attachments();
    SplittableRandom random = new SplittableRandom(7);
    FlowKey[] keys = new FlowKey[FLOWS];
    for (int i = 0; i < FLOWS; i++) {
      Attachment a = atts.get(i % atts.size());
      String[] cidr = a.cidrs().get(0).split("/");
      int base = parse4(cidr[0]);
      int len = Integer.parseInt(cidr[1]);
      int src = base | (random.nextInt() & ~RandomRoutes.mask4(len));
      keys[i] =
          new FlowKey()
              .setIpv4(
                  a.vni(), IpProtocol.UDP, src, random.nextInt(), 1024 + random.nextInt(60000), 53);
    }
    return keys;
  }

  static int parse4(String s) {
    String[] p = s.split("\\.");
    return Integer.parseInt(p[0]) << 24
        | Integer.parseInt(p[1]) << 16
        | Integer.parseInt(p[2]) << 8
        | Integer.parseInt(p[3]);
  }

  static DecisionConfig load(Path config) throws Exception {
    return DecisionConfigJson.parse(Files.readAllBytes(config));
  }

  // ------------------------------------------------------------------ over UDP

  static void udp(
      InetSocketAddress target,
      Path configFile,
      double seconds,
      int window,
      double warmup,
      long gapMicros)
      throws Exception {
    DecisionConfig config = load(configFile);
    long cell = cellId(config.cell());
    FlowKey[] keys = flows(config);
    ActionQuery query = new ActionQuery();
    WireReader reader = new WireReader(cell);
    byte[] out = new byte[ActionQuery.LENGTH];
    byte[] in = new byte[2048];
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(target.getAddress(), 0));
    socket.setReceiveBufferSize(4 << 20);
    socket.setSendBufferSize(4 << 20);
    socket.connect(target);
    socket.setSoTimeout(10);
    DatagramPacket sendPacket = new DatagramPacket(out, out.length);
    DatagramPacket recvPacket = new DatagramPacket(in, in.length);
    int ring = 1 << 17;
    long[] sentAt = new long[ring];
    int[] latencies = new int[1 << 24];
    int samples = 0;
    long nextId = 1;
    int outstanding = 0;
    long lost = 0;
    long forwards = 0;
    long drops = 0;
    long answered = 0;
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    long answeredAtStart = -1;
    long lostAtStart = 0;
    long lastExpiry = start;
    while (true) {
      while (outstanding < window) {
        long id = nextId++;
        query.set(cell, 1, id, 0, keys[(int) (id & (FLOWS - 1))]).encode(out, 0);
        sentAt[(int) (id & (ring - 1))] = System.nanoTime();
        socket.send(sendPacket);
        outstanding++;
      }
      long now;
      try {
        recvPacket.setLength(in.length);
        socket.receive(recvPacket);
        now = System.nanoTime();
        long id;
        if (reader.read(in, 0, recvPacket.getLength()) != WireError.NONE) {
          continue;
        }
        if (reader.type() == MessageType.ACTION_REPLY) {
          if (reader.replySegment().segmentIndex() != 0) {
            continue;
          }
          id = reader.replySegment().requestId();
          if (reader.replySegment().verdict() == Verdict.FORWARD) {
            forwards++;
          } else {
            drops++;
          }
        } else if (reader.type() == MessageType.ACTION_QUERY) {
          id = reader.query().requestId(); // the echo baseline
          forwards++;
        } else {
          continue;
        }
        int slot = (int) (id & (ring - 1));
        long t = sentAt[slot];
        if (t == 0 || id >= nextId || nextId - id > ring) {
          continue;
        }
        sentAt[slot] = 0;
        outstanding--;
        answered++;
        if (now >= measureFrom && now < end && samples < latencies.length) {
          latencies[samples++] = (int) Math.min(Integer.MAX_VALUE, now - t);
        }
        if (gapMicros > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(gapMicros * 1000);
        }
      } catch (SocketTimeoutException e) {
        now = System.nanoTime();
      }
      if (now - lastExpiry > 10_000_000L) {
        lastExpiry = now;
        for (int i = 0; i < ring; i++) {
          if (sentAt[i] != 0 && now - sentAt[i] > LOST_AFTER) {
            sentAt[i] = 0;
            outstanding--;
            lost++;
          }
        }
      }
      if (answeredAtStart < 0 && now >= measureFrom) {
        answeredAtStart = answered;
        lostAtStart = lost;
      }
      if (now >= end) {
        break;
      }
    }
    double elapsed = seconds;
    socket.close();
    System.out.printf(
        "RESULT mode=udp window=%d gap_us=%d qps=%.0f %s lost=%d forward=%d drop=%d seconds=%.1f%n",
        window,
        gapMicros,
        (answered - answeredAtStart) / elapsed,
        percentiles(latencies, samples),
        lost - lostAtStart,
        forwards,
        drops,
        elapsed);
  }

  // ------------------------------------------------------------------ in process

  static void inProcess(Path configFile, double seconds, double warmup) throws Exception {
    DecisionConfig config = load(configFile);
    long cell = cellId(config.cell());
    FlowKey[] keys = flows(config);
    DecisionService service = new DecisionService(new SimpleMeterRegistry());
    if (!service.accept(config)) {
      throw new IllegalStateException("config not accepted");
    }
    // the queries as they arrive, encoded
    byte[][] encoded = new byte[FLOWS][ActionQuery.LENGTH];
    ActionQuery q = new ActionQuery();
    for (int i = 0; i < FLOWS; i++) {
      q.set(cell, 1, i, 0, keys[i]).encode(encoded[i], 0);
    }
    WireReader reader = new WireReader(cell);
    ActionReply reply = new ActionReply();
    byte[] out = new byte[WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE];
    int[] latencies = new int[1 << 24];
    int samples = 0;
    long ops = 0;
    long forwards = 0;
    long sink = 0;
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    long opsAtStart = -1;
    int i = 0;
    while (true) {
      long t0 = System.nanoTime();
      byte[] msg = encoded[i];
      if (++i == FLOWS) {
        i = 0;
      }
      // what DecisionServer does with a datagram, minus the socket
      if (reader.read(msg, 0, msg.length) != WireError.NONE) {
        throw new IllegalStateException("bad query");
      }
      ActionQuery query = reader.query();
      service.answer(query.flow(), cell, 2, query.requestId(), reply);
      int segments = reply.segmentCount(out.length);
      for (int s = 0; s < segments; s++) {
        sink += reply.encodeSegment(s, out.length, out, 0);
      }
      if (reply.verdict() == Verdict.FORWARD) {
        forwards++;
      }
      long t1 = System.nanoTime();
      ops++;
      if (t1 >= measureFrom) {
        if (opsAtStart < 0) {
          opsAtStart = ops;
        }
        if (samples < latencies.length) {
          latencies[samples++] = (int) (t1 - t0);
        }
        if (t1 >= end) {
          break;
        }
      }
    }
    System.out.printf(
        "RESULT mode=inprocess qps=%.0f %s forward=%d of %d (bytes %d)%n",
        (ops - opsAtStart) / seconds, percentiles(latencies, samples), forwards, ops, sink);
  }

  // ------------------------------------------------------------------ UDP echo

  static void echo(InetSocketAddress listen) throws Exception {
    DatagramSocket socket = new DatagramSocket(listen);
    socket.setReceiveBufferSize(4 << 20);
    socket.setSendBufferSize(4 << 20);
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    System.out.println("echo on " + listen);
    while (true) {
      p.setLength(buf.length);
      socket.receive(p);
      socket.send(p);
    }
  }

  static String percentiles(int[] latencies, int n) {
    int[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    if (n == 0) {
      return "p50_us=NaN p99_us=NaN p999_us=NaN";
    }
    return String.format(
        "p50_us=%.1f p99_us=%.1f p999_us=%.1f samples=%d",
        sorted[(int) (n * 0.50)] / 1e3,
        sorted[(int) (n * 0.99)] / 1e3,
        sorted[(int) Math.min(n - 1, n * 0.999)] / 1e3,
        n);
  }
}
