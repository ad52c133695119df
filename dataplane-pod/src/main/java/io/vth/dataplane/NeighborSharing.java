package io.vth.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vth.core.packet.Ethernet;
import io.vth.core.wire.MessageType;
import io.vth.core.wire.NeighborShare;
import io.vth.core.wire.WireError;
import io.vth.core.wire.WireProtocol;
import io.vth.core.wire.WireReader;
import io.vth.pod.PodSeal;
import io.vth.pod.UdpChannels;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shares learned neighbours among the dataplane pods of a cell. A network's tunnel reaches one pod
 * of its attachment's Service per flow (kube-proxy picks), so the answer to an ARP request one pod
 * sent may arrive at another, and only the pods that receive a network's frames learn its next hop.
 * Each pod therefore announces what it learns (a new or changed entry, and every ARP reply) to the
 * other dataplane pods, sends its whole table to a pod it sees for the first time and to all of
 * them every {@link #FULL_SYNC_MILLIS}, and takes in what they announce for the attachments it
 * serves, from known peers only.
 *
 * <p>Workers announce from their event loops into a bounded queue (dropped and counted when full);
 * the pod's sharing loop batches the queue into {@link NeighborShare} messages every {@link
 * #FLUSH_MILLIS}.
 */
final class NeighborSharing implements AutoCloseable {

  static final long FLUSH_MILLIS = 20;
  static final long FULL_SYNC_MILLIS = 10_000;
  static final int QUEUE_LIMIT = 4096;

  /** What happened to shared entries and messages, for the pod's metrics. */
  enum Event {
    ANNOUNCED("announced"),
    QUEUE_FULL("queue_full"),
    SENT("sent"),
    APPLIED("applied"),
    UNCHANGED("unchanged"),
    UNKNOWN_VNI("unknown_vni"),
    BAD_MAC("bad_mac"),
    FOREIGN_ADDRESS("foreign_address"),
    REJECTED_MESSAGE("rejected_message"),
    UNKNOWN_PEER("unknown_peer");

    private final String label;

    Event(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private record Entry(int vni, int ipv4, long mac) {}

  private final DataplaneState state;
  private final int port;
  private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final Map<Event, AtomicLong> counts = new EnumMap<>(Event.class);
  private final NeighborShare out = new NeighborShare();
  private final byte[] buf = new byte[WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE];
  private final byte[] sealed = new byte[UdpChannels.MAX_DATAGRAM];
  private final PodSeal seal;
  private final WireReader reader;
  private final byte[] rx = new byte[UdpChannels.MAX_DATAGRAM];
  private volatile Set<InetSocketAddress> peers = Set.of();
  private volatile boolean enabled;
  private EventLoop loop;
  private DatagramChannel channel;

  NeighborSharing(DataplaneState state, int port, PodSeal seal) {
    this.state = state;
    this.port = port;
    this.seal = seal;
    this.reader = new WireReader(state.identity.cellId());
    for (Event e : Event.values()) {
      counts.put(e, new AtomicLong());
    }
  }

  /** Binds the peer port on {@code loop} and starts sending. */
  void start(EventLoop loop, String host) throws InterruptedException {
    this.loop = loop;
    channel = UdpChannels.bind(loop, new InetSocketAddress(host, port), new Receive(), false);
    loop.scheduleAtFixedRate(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    loop.scheduleAtFixedRate(
        () -> sendTable(peers), FULL_SYNC_MILLIS, FULL_SYNC_MILLIS, TimeUnit.MILLISECONDS);
    enabled = true;
  }

  /** The bound peer port. */
  int port() {
    return channel.localAddress().getPort();
  }

  /**
   * Takes the current set of dataplane pods (this one may be among them, and is left out); new ones
   * get the whole table.
   */
  void setPeers(List<InetSocketAddress> addresses) {
    Set<InetSocketAddress> fresh = new HashSet<>();
    for (InetSocketAddress a : addresses) {
      if (!isSelf(a)) {
        fresh.add(a);
      }
    }
    Set<InetSocketAddress> added = new HashSet<>(fresh);
    added.removeAll(peers);
    peers = Set.copyOf(fresh);
    if (loop != null && !added.isEmpty()) {
      loop.execute(() -> sendTable(added));
    }
  }

  private boolean isSelf(InetSocketAddress a) {
    if (channel == null || a.getPort() != port() || a.getAddress() == null) {
      return false;
    }
    try {
      return a.getAddress().isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(a.getAddress()) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /**
   * Announces an entry to the other pods ({@code ipv4} 0 for the next hop); called by workers, rare
   * (an entry is new or changed, or an ARP reply arrived).
   */
  void announce(int vni, int ipv4, long mac) {
    if (!enabled) {
      return;
    }
    if (queued.incrementAndGet() > QUEUE_LIMIT) {
      queued.decrementAndGet();
      count(Event.QUEUE_FULL, 1);
      return;
    }
    queue.add(new Entry(vni, ipv4, mac));
    count(Event.ANNOUNCED, 1);
  }

  private void flush() {
    Set<InetSocketAddress> to = peers;
    out.start(state.identity.cellId(), state.identity.podId());
    Entry e;
    while ((e = queue.poll()) != null) {
      queued.decrementAndGet();
      add(to, e.vni(), e.ipv4(), e.mac());
    }
    finish(to);
  }

  private void sendTable(Set<InetSocketAddress> to) {
    if (to.isEmpty()) {
      return;
    }
    out.start(state.identity.cellId(), state.identity.podId());
    state.neighbors.forEach((vni, ipv4, mac) -> add(to, vni, ipv4, mac));
    finish(to);
  }

  /** Adds an entry to the message being filled, sending it to {@code to} once full. */
  private void add(Set<InetSocketAddress> to, int vni, int ipv4, long mac) {
    out.add(vni, ipv4, mac);
    if (out.full()) {
      send(to);
    }
  }

  /** Sends what the message holds still, and flushes. */
  private void finish(Set<InetSocketAddress> to) {
    if (out.count() > 0) {
      send(to);
    }
    channel.flush();
  }

  private void send(Set<InetSocketAddress> to) {
    int len = out.encode(buf, 0);
    for (InetSocketAddress peer : to) {
      System.arraycopy(buf, 0, sealed, 0, len);
      int total = seal.seal(sealed, 0, len, peer);
      ByteBuf b = channel.alloc().directBuffer(total).writeBytes(sealed, 0, total);
      channel.write(new DatagramPacket(b, peer), channel.voidPromise());
    }
    count(Event.SENT, (long) out.count() * to.size());
    out.start(state.identity.cellId(), state.identity.podId());
  }

  /** Takes in a datagram from another pod; called on the sharing loop. */
  void receive(byte[] data, int off, int len, InetSocketAddress from) {
    if (!seal.open(data, off, len, port())) {
      count(Event.REJECTED_MESSAGE, 1);
      return;
    }
    if (reader.read(data, off, seal.openedLength()) != WireError.NONE
        || reader.type() != MessageType.NEIGHBOR_SHARE) {
      count(Event.REJECTED_MESSAGE, 1);
      return;
    }
    NeighborShare share = reader.neighborShare();
    if (share.podId() == state.identity.podId()) {
      return;
    }
    if (!peers.contains(from)) {
      count(Event.UNKNOWN_PEER, 1);
      return;
    }
    Segments segments = state.segments();
    for (int i = 0; i < share.count(); i++) {
      int vni = share.vni(i);
      long mac = share.mac(i);
      Segment segment = segments.get(vni);
      int ipv4 = share.ipv4(i);
      if (segment == null) {
        count(Event.UNKNOWN_VNI, 1);
      } else if (mac == NeighborTable.UNKNOWN || Ethernet.isMulticast(mac)) {
        count(Event.BAD_MAC, 1);
      } else if (ipv4 != 0 && !segment.mayBeNeighbor(ipv4)) {
        count(Event.FOREIGN_ADDRESS, 1);
      } else {
        boolean news =
            ipv4 == 0
                ? state.neighbors.learnNextHop(vni, mac)
                : state.neighbors.learn(vni, ipv4, mac);
        count(news ? Event.APPLIED : Event.UNCHANGED, 1);
      }
    }
  }

  /** How often {@code event} happened (entries, or messages for the message events). */
  long count(Event event) {
    return counts.get(event).get();
  }

  private void count(Event event, long n) {
    counts.get(event).addAndGet(n);
  }

  @Override
  public void close() {
    enabled = false;
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
  }

  private final class Receive extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      int len = Math.min(content.readableBytes(), rx.length);
      content.getBytes(content.readerIndex(), rx, 0, len);
      receive(rx, 0, len, packet.sender());
    }
  }
}
