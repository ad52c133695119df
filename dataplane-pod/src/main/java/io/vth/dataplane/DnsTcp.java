package io.vth.dataplane;

import io.vth.core.packet.Ipv4;
import io.vth.core.packet.PacketStatus;
import io.vth.core.packet.Tcp;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * DNS over TCP on port 53 of each gateway (RFC 7766, RFC 1035 section 4.2.2): a small, bounded TCP
 * responder for one query per connection, enough for {@code dig +tcp} and for resolvers retrying a
 * truncated UDP answer.
 *
 * <p>The handshake keeps no state: the SYN-ACK's initial sequence number is a keyed hash of the
 * connection, the client's sequence number and a 64-second time slot (like SYN cookies), its low
 * three bits naming the MSS the client announced. A connection enters the table only when an ACK
 * carries a valid cookie. Then the client's length-prefixed query is collected from in-order
 * segments (out-of-order ones get a duplicate ACK), passed to {@link DnsService}, and its answer
 * (forwarded or the hub's own, up to 65535 bytes) goes back length-prefixed in MSS-sized PSH|ACK
 * segments within the client's window, followed by a FIN. Unacknowledged data is sent again after
 * {@link #RTO_NANOS} (go-back-N) at most {@link #MAX_RETRANSMITS} times.
 *
 * <p>Bounds: at most {@link #MAX_CONNECTIONS} connections (the oldest is reset to make room), a
 * query of at most {@link #MAX_QUERY} bytes, {@link #IDLE_NANOS} without progress before a reset.
 * Only the first query of a connection is answered (pipelined queries are acknowledged and ignored;
 * the client sees the FIN after the first answer). No window scaling, SACK or timestamps are
 * offered.
 *
 * <p>Slow path: one instance per pod, shared by the workers; methods synchronize on it.
 */
final class DnsTcp {

  /** Most open connections, pod-wide. */
  static final int MAX_CONNECTIONS = 256;

  /** Largest query accepted, without its 2-byte length prefix. */
  static final int MAX_QUERY = 4096;

  /** How long a connection may go without a segment from its client. */
  static final long IDLE_NANOS = 10_000_000_000L;

  /** How long sent data waits for its acknowledgement before it is sent again. */
  static final long RTO_NANOS = 500_000_000L;

  /** How often unacknowledged data is sent again before the connection is reset. */
  static final int MAX_RETRANSMITS = 5;

  /** How long a closed connection lingers to acknowledge a retransmitted FIN. */
  static final long TIME_WAIT_NANOS = 2_000_000_000L;

  /** The receive window the hub announces. */
  static final int WINDOW = 8192;

  /** The MSS the hub announces. */
  static final int OWN_MSS = 1400;

  /** The MSS values a cookie can carry; the client's is rounded down to one of them. */
  static final int[] MSS_TABLE = {536, 1220, 1360, 1400, 1440, 1460};

  private static final long SLOT_NANOS = 64_000_000_000L;

  /** What happened to connections: the {@code event} label of {@code vth_dns_tcp_total}. */
  enum Event {
    /** A handshake completed (a valid cookie came back). */
    ACCEPTED("accepted"),
    /** An answer was fully acknowledged and both sides closed. */
    CLOSED("closed"),
    /** The client reset the connection. */
    RESET_BY_CLIENT("reset_by_client"),
    /** The hub reset the connection: bad query length, or a segment it does not take. */
    RESET("reset"),
    /** The oldest connection was reset to make room for a new one. */
    EVICTED("evicted"),
    /** No progress for too long, or data never acknowledged. */
    TIMEOUT("timeout"),
    /** A segment of no connection (or a bad cookie), answered with a reset. */
    REFUSED("refused");

    private final String label;

    Event(String label) {
      this.label = label;
    }

    /** The metric label. */
    String label() {
      return label;
    }
  }

  /** A connection's client: the attachment's VNI, its address and port. */
  record Key(int vni, int ip, int port) {}

  /** One connection past its handshake. */
  static final class Conn {
    final Key key;
    final Segment seg;
    final long mac;
    final int iss;
    final int mss;
    int rcvNxt;
    int window;
    byte[] in = new byte[64];
    int inLength;
    boolean queried;
    boolean finReceived;

    /** The length-prefixed answer; null while the query is being resolved. */
    byte[] out;

    /** Offset (from iss + 1) of the next byte to send; out.length + 1 once the FIN is sent. */
    int sent;

    /** The highest {@link #sent} so far (it goes back when data is sent again). */
    int sentMax;

    /** Offset (from iss + 1) acknowledged by the client. */
    int acked;

    long lastHeard;
    long lastSent;
    int retransmits;

    /** Segments sent on this connection. */
    int emitted;

    boolean closed;
    long closedAt;

    Conn(Key key, Segment seg, long mac, int iss, int irs, int mss, long now) {
      this.key = key;
      this.seg = seg;
      this.mac = mac;
      this.iss = iss;
      this.rcvNxt = irs + 1;
      this.mss = mss;
      this.lastHeard = now;
    }

    boolean closed() {
      return closed;
    }
  }

  private final DnsService dns;
  private final Map<Key, Conn> table = new LinkedHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder[] events = new LongAdder[Event.values().length];
  private final Mac hmac;

  DnsTcp(DnsService dns) {
    this.dns = dns;
    for (int i = 0; i < events.length; i++) {
      events[i] = new LongAdder();
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    try {
      hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Connections that ended with {@code event}. */
  long count(Event event) {
    return events[event.ordinal()].sum();
  }

  /** Connections in the table (closed ones lingering included). */
  int openCount() {
    return open.get();
  }

  // ------------------------------------------------------------------------------ segments

  /** Handles a TCP segment sent to port 53 of the gateway of {@code seg}. */
  synchronized void onSegment(
      PacketWorker worker, Segment seg, byte[] buf, int ip, int length, long srcMac, long now) {
    int ihl = Ipv4.headerLength(buf, ip);
    int tcp = ip + ihl;
    int tcpLength = length - ihl;
    if (Tcp.check(buf, tcp, tcpLength) != PacketStatus.OK
        || !Tcp.verifyIpv4(buf, ip, tcp, tcpLength)) {
      worker.stats.drop(DropCause.MALFORMED);
      return;
    }
    int flags = Tcp.flags(buf, tcp);
    int seq = Tcp.sequence(buf, tcp);
    int ack = Tcp.acknowledgement(buf, tcp);
    int hl = Tcp.headerLength(buf, tcp);
    int data = tcp + hl;
    int dataLength = tcpLength - hl;
    Key key = new Key(seg.vni, Ipv4.source(buf, ip), Tcp.sourcePort(buf, tcp));
    Conn c = table.get(key);
    if ((flags & Tcp.RST) != 0) {
      if (c != null && seq - c.rcvNxt >= 0 && seq - c.rcvNxt < WINDOW) {
        remove(c);
        if (!c.closed()) {
          record(Event.RESET_BY_CLIENT);
        }
      }
      return;
    }
    if ((flags & Tcp.SYN) != 0) {
      if ((flags & Tcp.ACK) != 0) {
        refuse(worker, seg, buf, ip, length, srcMac, now);
        return;
      }
      if (c != null && !c.closed()) {
        // A SYN in a synchronized state: a challenge ACK (RFC 5961 section 4).
        ack(worker, c);
        return;
      }
      if (c != null) {
        remove(c);
      }
      if (!dns.servesTcp(seg)) {
        refuse(worker, seg, buf, ip, length, srcMac, now);
        return;
      }
      int index = mssIndex(clientMss(buf, tcp, hl));
      int iss = cookie(key, seq, Math.floorDiv(now, SLOT_NANOS), index);
      worker.services.sendTcp(
          seg,
          srcMac,
          key.ip(),
          key.port(),
          iss,
          seq + 1,
          Tcp.SYN | Tcp.ACK,
          WINDOW,
          OWN_MSS,
          buf,
          0,
          0);
      return;
    }
    if ((flags & Tcp.ACK) == 0) {
      if (c == null) {
        refuse(worker, seg, buf, ip, length, srcMac, now);
      }
      return;
    }
    if (c == null) {
      int index = checkCookie(key, seq - 1, ack - 1, now);
      if (index < 0 || !dns.servesTcp(seg)) {
        refuse(worker, seg, buf, ip, length, srcMac, now);
        return;
      }
      c = new Conn(key, seg, srcMac, ack - 1, seq - 1, MSS_TABLE[index], now);
      admit(worker, c);
      record(Event.ACCEPTED);
    }
    if (c.closed()) {
      if ((flags & Tcp.FIN) != 0) {
        ack(worker, c);
      }
      return;
    }
    c.lastHeard = now;
    c.window = Tcp.window(buf, tcp);
    int acked = ack - (c.iss + 1);
    if (acked > c.sentMax || acked < 0) {
      // Acknowledges what was never sent: answer with an ACK and drop (RFC 9293 3.10.7.4).
      ack(worker, c);
      return;
    }
    if (acked > c.acked) {
      c.acked = acked;
      c.sent = Math.max(c.sent, acked);
      c.retransmits = 0;
      c.lastSent = now;
    }
    boolean needAck = false;
    int emittedBefore = c.emitted;
    int offset = seq - c.rcvNxt;
    if (dataLength > 0 || (flags & Tcp.FIN) != 0) {
      needAck = true;
      if (offset == 0 && !c.finReceived) {
        if (dataLength > 0 && !c.queried && !take(c, buf, data, dataLength)) {
          reset(worker, c, Event.RESET);
          return;
        }
        c.rcvNxt += dataLength;
        if ((flags & Tcp.FIN) != 0) {
          c.rcvNxt += 1;
          c.finReceived = true;
        }
      }
    }
    if (!c.queried && c.inLength >= 2 && c.inLength >= 2 + queryLength(c)) {
      c.queried = true;
      // The answer may come back at once (records, refusals) through answer().
      dns.onTcpQuery(worker, c, c.in, 2, queryLength(c), now);
    } else if (!c.queried && c.finReceived) {
      // The client closed before a whole query came.
      reset(worker, c, Event.RESET);
      return;
    }
    transmit(worker, c, now);
    if (c.emitted == emittedBefore && needAck) {
      ack(worker, c);
    }
    finish(c, now);
  }

  private static int queryLength(Conn c) {
    return ((c.in[0] & 0xff) << 8) | (c.in[1] & 0xff);
  }

  /** Appends query bytes; false when the announced length is 0 or above {@link #MAX_QUERY}. */
  private static boolean take(Conn c, byte[] buf, int off, int len) {
    // Never more than the largest query: the rest of a segment (a pipelined query) is ignored.
    int n = Math.min(len, 2 + MAX_QUERY - c.inLength);
    int need = c.inLength + n;
    if (need > c.in.length) {
      c.in = Arrays.copyOf(c.in, Math.min(2 + MAX_QUERY, Math.max(need, c.in.length * 2)));
    }
    System.arraycopy(buf, off, c.in, c.inLength, n);
    c.inLength = need;
    if (c.inLength >= 2) {
      int q = queryLength(c);
      return q > 0 && q <= MAX_QUERY;
    }
    return true;
  }

  /** Takes the answer to the connection's query (DNS message without length prefix). */
  synchronized void answer(PacketWorker worker, Conn c, byte[] msg, int off, int len, long now) {
    if (table.get(c.key) != c || c.out != null || c.closed()) {
      return;
    }
    byte[] out = new byte[2 + len];
    out[0] = (byte) (len >>> 8);
    out[1] = (byte) len;
    System.arraycopy(msg, off, out, 2, len);
    c.out = out;
    c.lastSent = now;
    transmit(worker, c, now);
  }

  /** Sends what the window allows of the answer, then the FIN once all data is sent. */
  private void transmit(PacketWorker worker, Conn c, long now) {
    if (c.out == null) {
      return;
    }
    boolean any = false;
    int total = c.out.length;
    while (c.sent < total) {
      int room = c.window - (c.sent - c.acked);
      int n = Math.min(Math.min(c.mss, total - c.sent), room);
      if (n <= 0) {
        break;
      }
      send(worker, c, c.iss + 1 + c.sent, Tcp.PSH | Tcp.ACK, WINDOW, c.out, c.sent, n);
      c.sent += n;
      c.emitted++;
      any = true;
    }
    if (c.sent == total) {
      send(worker, c, c.iss + 1 + total, Tcp.FIN | Tcp.ACK, WINDOW, c.out, 0, 0);
      c.sent = total + 1;
      c.emitted++;
      any = true;
    }
    if (any) {
      c.lastSent = now;
      c.sentMax = Math.max(c.sentMax, c.sent);
    }
  }

  /** Closes the connection once its answer and FIN are acknowledged and the client's FIN came. */
  private void finish(Conn c, long now) {
    if (c.out != null && c.acked == c.out.length + 1 && c.finReceived && !c.closed()) {
      c.closed = true;
      c.closedAt = now;
      record(Event.CLOSED);
    }
  }

  private void ack(PacketWorker worker, Conn c) {
    c.emitted++;
    send(worker, c, c.iss + 1 + c.sentMax, Tcp.ACK, WINDOW, c.in, 0, 0);
  }

  /** Sends one segment of connection {@code c}, acknowledging what the client sent so far. */
  private static void send(
      PacketWorker worker, Conn c, int seq, int flags, int window, byte[] data, int off, int len) {
    worker.services.sendTcp(
        c.seg, c.mac, c.key.ip(), c.key.port(), seq, c.rcvNxt, flags, window, 0, data, off, len);
  }

  private void reset(PacketWorker worker, Conn c, Event event) {
    send(worker, c, c.iss + 1 + c.sentMax, Tcp.RST | Tcp.ACK, 0, c.in, 0, 0);
    remove(c);
    record(event);
  }

  private void refuse(
      PacketWorker worker, Segment seg, byte[] buf, int ip, int length, long srcMac, long now) {
    record(Event.REFUSED);
    worker.services.resetTcp(seg, buf, ip, length, srcMac, now);
  }

  private void admit(PacketWorker worker, Conn c) {
    Conn ownOldest = null;
    int own = 0;
    for (Conn x : table.values()) {
      if (x.key.vni() == c.key.vni()) {
        own++;
        if (ownOldest == null) {
          ownOldest = x;
        }
      }
    }
    Conn victim = null;
    // Beyond its hub's dnsTcpConnections an attachment's own oldest makes room, never another's.
    if (own >= c.seg.limits.dnsTcpConnections()) {
      victim = ownOldest;
    } else if (table.size() >= MAX_CONNECTIONS) {
      victim = table.values().iterator().next();
    }
    if (victim != null) {
      if (victim.closed()) {
        remove(victim);
      } else {
        reset(worker, victim, Event.EVICTED);
      }
    }
    table.put(c.key, c);
    open.set(table.size());
  }

  private void remove(Conn c) {
    table.remove(c.key, c);
    open.set(table.size());
  }

  /** Sends unacknowledged data again, resets idle connections, forgets closed ones. */
  void tick(PacketWorker worker, long now) {
    if (open.get() == 0) {
      return;
    }
    synchronized (this) {
      for (Conn c : table.values().toArray(new Conn[0])) {
        if (c.closed()) {
          if (now - c.closedAt > TIME_WAIT_NANOS) {
            remove(c);
          }
        } else if (now - c.lastHeard > IDLE_NANOS) {
          reset(worker, c, Event.TIMEOUT);
        } else if (c.out != null && c.sent > c.acked && now - c.lastSent > RTO_NANOS) {
          if (++c.retransmits > MAX_RETRANSMITS) {
            reset(worker, c, Event.TIMEOUT);
          } else {
            c.sent = c.acked;
            // A zero window still gets one segment through, as a probe.
            c.window = Math.max(c.window, 1);
            transmit(worker, c, now);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------------------ cookies

  /** The MSS option of a SYN, or 536 (RFC 9293 section 3.7.1) when it has none. */
  static int clientMss(byte[] buf, int tcp, int hl) {
    int i = tcp + Tcp.MIN_HEADER_LENGTH;
    int end = tcp + hl;
    while (i < end) {
      int kind = buf[i] & 0xff;
      if (kind == 0) {
        break;
      }
      if (kind == 1) {
        i++;
        continue;
      }
      if (i + 1 >= end) {
        break;
      }
      int len = buf[i + 1] & 0xff;
      if (len < 2 || i + len > end) {
        break;
      }
      if (kind == 2 && len == 4) {
        return ((buf[i + 2] & 0xff) << 8) | (buf[i + 3] & 0xff);
      }
      i += len;
    }
    return 536;
  }

  /** The largest table entry not above {@code mss}, never above what the hub sends well. */
  static int mssIndex(int mss) {
    int index = 0;
    for (int i = 0; i < MSS_TABLE.length; i++) {
      if (MSS_TABLE[i] <= mss) {
        index = i;
      }
    }
    return index;
  }

  private int cookie(Key key, int irs, long slot, int mssIndex) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + 4 + 4 + 8 + 4);
    b.putInt(key.vni()).putInt(key.ip()).putInt(key.port()).putInt(irs).putLong(slot);
    b.putInt(mssIndex);
    byte[] h = hmac.doFinal(b.array());
    int v = ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    return (v & ~7) | mssIndex;
  }

  /** The MSS index an acknowledged cookie carries, or -1 when it is not one of the hub's. */
  private int checkCookie(Key key, int irs, int iss, long now) {
    int index = iss & 7;
    if (index >= MSS_TABLE.length) {
      return -1;
    }
    long slot = Math.floorDiv(now, SLOT_NANOS);
    if (cookie(key, irs, slot, index) == iss || cookie(key, irs, slot - 1, index) == iss) {
      return index;
    }
    return -1;
  }

  private void record(Event event) {
    events[event.ordinal()].increment();
  }
}
