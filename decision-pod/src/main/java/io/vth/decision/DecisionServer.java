package io.vth.decision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vth.core.wire.ActionQuery;
import io.vth.core.wire.ActionReply;
import io.vth.core.wire.GenerationChange;
import io.vth.core.wire.HealthProbe;
import io.vth.core.wire.HealthReply;
import io.vth.core.wire.MessageType;
import io.vth.core.wire.WireError;
import io.vth.core.wire.WireProtocol;
import io.vth.core.wire.WireReader;
import io.vth.pod.CellKeySource;
import io.vth.pod.PodIdentity;
import io.vth.pod.PodSeal;
import io.vth.pod.UdpChannels;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision pod's UDP endpoint: answers action queries and health probes from dataplane pods of
 * its cell, and tells the dataplane pods that asked recently when the generation changes. Every
 * datagram is sealed with the cell's key and checked on receipt ({@link PodSeal}).
 */
public final class DecisionServer extends SimpleChannelInboundHandler<DatagramPacket> {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionServer.class);
  private static final int MAX_CLIENTS = 4096;
  // Reply segments leave room for the seal's trailer within the default datagram size.
  private static final int SEGMENT_SIZE =
      WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE - PodSeal.TRAILER_ROOM;

  private final DecisionService service;
  private final PodIdentity identity;
  private final WireReader reader;
  private final PodSeal seal;
  private final ActionReply reply = new ActionReply();
  private final HealthReply healthReply = new HealthReply();
  private final GenerationChange change = new GenerationChange();
  private final byte[] in = new byte[UdpChannels.MAX_DATAGRAM];
  private final byte[] out = new byte[WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE];
  private final Map<InetSocketAddress, Long> clients = new LinkedHashMap<>(64, 0.75f, true);
  private final Counter rejected;
  private DatagramChannel channel;

  /** A server answering from {@code service} as {@code identity}, sealing with {@code keys}. */
  public DecisionServer(
      DecisionService service, PodIdentity identity, CellKeySource keys, MeterRegistry registry) {
    this.service = service;
    this.identity = identity;
    this.seal = keys.newSeal();
    this.reader = new WireReader(identity.cellId());
    this.rejected =
        Counter.builder("vth_wire_messages_rejected_total")
            .description("Pod-to-pod messages rejected (malformed, foreign cell, unexpected type)")
            .register(registry);
  }

  /** Binds to {@code address} on {@code group}; returns the bound port. */
  public int bind(EventLoopGroup group, InetSocketAddress address) throws InterruptedException {
    channel = UdpChannels.bind(group, address, this, false);
    return channel.localAddress().getPort();
  }

  /** Tells every recent client that {@code generation} is current (call from any thread). */
  public void announce(long generation) {
    if (channel != null) {
      channel.eventLoop().execute(() -> sendGenerationChange(generation));
    }
  }

  /** Stops listening. */
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf content = packet.content();
    int len = content.readableBytes();
    if (len > in.length) {
      rejected.increment();
      return;
    }
    content.getBytes(content.readerIndex(), in, 0, len);
    if (!seal.open(in, 0, len, channel.localAddress().getPort())) {
      return;
    }
    WireError error = reader.read(in, 0, seal.openedLength());
    if (error != WireError.NONE) {
      rejected.increment();
      LOG.debug("message from {} rejected: {}", packet.sender(), error.description());
      return;
    }
    InetSocketAddress sender = packet.sender();
    if (reader.type() == MessageType.ACTION_QUERY) {
      remember(sender);
      answer(ctx, reader.query(), sender);
    } else if (reader.type() == MessageType.HEALTH_PROBE) {
      remember(sender);
      HealthProbe probe = reader.healthProbe();
      healthReply.answer(probe, identity.cellId(), identity.podId(), service.generation(), 0);
      send(ctx, sender, healthReply.encode(out, 0));
    } else {
      rejected.increment();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  private void answer(ChannelHandlerContext ctx, ActionQuery query, InetSocketAddress sender) {
    service.answer(query.flow(), identity.cellId(), identity.podId(), query.requestId(), reply);
    int segments = reply.segmentCount(SEGMENT_SIZE);
    for (int i = 0; i < segments; i++) {
      send(ctx, sender, reply.encodeSegment(i, SEGMENT_SIZE, out, 0));
    }
  }

  private void send(ChannelHandlerContext ctx, InetSocketAddress to, int messageLength) {
    int length = seal.seal(out, 0, messageLength, to);
    ByteBuf buf = ctx.alloc().directBuffer(length).writeBytes(out, 0, length);
    ctx.write(new DatagramPacket(buf, to), ctx.voidPromise());
  }

  private void remember(InetSocketAddress sender) {
    clients.put(sender, System.nanoTime());
    if (clients.size() > MAX_CLIENTS) {
      InetSocketAddress eldest = clients.keySet().iterator().next();
      clients.remove(eldest);
    }
  }

  private void sendGenerationChange(long generation) {
    change.set(identity.cellId(), identity.podId(), generation, false);
    List<InetSocketAddress> targets = new ArrayList<>(clients.keySet());
    for (InetSocketAddress to : targets) {
      int length = seal.seal(out, 0, change.encode(out, 0), to);
      ByteBuf buf = channel.alloc().directBuffer(length).writeBytes(out, 0, length);
      channel.write(new DatagramPacket(buf, to), channel.voidPromise());
    }
    channel.flush();
    LOG.info("generation {} announced to {} dataplane sockets", generation, targets.size());
  }
}
