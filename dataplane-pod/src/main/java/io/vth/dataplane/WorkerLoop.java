package io.vth.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.vth.core.flow.FlowKey;
import io.vth.pod.PodSeal;
import io.vth.pod.UdpChannels;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A worker on its own Netty event loop: a VXLAN socket shared with the other workers through
 * SO_REUSEPORT, a control socket for action queries and replies, and a few egress sockets whose
 * local ports spread the outer UDP source port by flow hash (RFC 7348). Writes are flushed once per
 * read batch. Control messages are sealed with the cell's key and checked on receipt.
 */
final class WorkerLoop implements PacketOutput {

  private final EventLoop loop;
  private final PacketWorker worker;
  private final byte[] rx = new byte[UdpChannels.MAX_DATAGRAM];
  private final byte[] sealed = new byte[UdpChannels.MAX_DATAGRAM];
  private final PodSeal seal;
  private DatagramChannel ingress;
  private DatagramChannel control;
  private DatagramChannel[] egress;

  WorkerLoop(EventLoop loop, DataplaneState state, int cacheSize, PodSeal seal) {
    this.loop = loop;
    this.seal = seal;
    this.worker = new PacketWorker(state, this, cacheSize);
  }

  PacketWorker worker() {
    return worker;
  }

  EventLoop loop() {
    return loop;
  }

  int controlPort() {
    return control.localAddress().getPort();
  }

  void bind(String host, int vxlanPort, int egressPorts) throws InterruptedException {
    ingress = UdpChannels.bind(loop, new InetSocketAddress(host, vxlanPort), new Ingress(), true);
    control = UdpChannels.bind(loop, new InetSocketAddress(host, 0), new Control(), false);
    egress = new DatagramChannel[egressPorts];
    for (int i = 0; i < egressPorts; i++) {
      egress[i] = UdpChannels.bind(loop, new InetSocketAddress(host, 0), new Discard(), false);
    }
    loop.scheduleAtFixedRate(
        () -> {
          worker.tick(System.nanoTime());
          flushAll();
        },
        10,
        10,
        TimeUnit.MILLISECONDS);
  }

  int vxlanPort() {
    return ingress.localAddress().getPort();
  }

  void probeEvery(long millis) {
    loop.scheduleAtFixedRate(
        () -> {
          worker.slow.probe(System.nanoTime());
          control.flush();
        },
        0,
        millis,
        TimeUnit.MILLISECONDS);
  }

  void pass(FlowKey key, byte[] ip, int length) {
    FlowKey flow = key.copy();
    byte[] copy = new byte[length];
    System.arraycopy(ip, 0, copy, 0, length);
    loop.execute(
        () -> {
          worker.onHandedOff(flow, copy, length, System.nanoTime());
          flushAll();
        });
  }

  @Override
  public void sendTunnel(
      byte[] header,
      int headerLength,
      byte[] ip,
      int ipLength,
      InetSocketAddress remote,
      long flowHash) {
    DatagramChannel ch = egress[(int) ((flowHash >>> 33) % egress.length)];
    ByteBuf buf = ch.alloc().directBuffer(headerLength + ipLength);
    buf.writeBytes(header, 0, headerLength).writeBytes(ip, 0, ipLength);
    ch.write(new DatagramPacket(buf, remote), ch.voidPromise());
  }

  @Override
  public void sendControl(byte[] message, int length, InetSocketAddress to) {
    System.arraycopy(message, 0, sealed, 0, length);
    int total = seal.seal(sealed, 0, length, to);
    ByteBuf buf = control.alloc().directBuffer(total).writeBytes(sealed, 0, total);
    control.write(new DatagramPacket(buf, to), control.voidPromise());
  }

  private void flushAll() {
    for (DatagramChannel ch : egress) {
      ch.flush();
    }
    control.flush();
  }

  void close() {
    for (DatagramChannel ch : egress) {
      ch.close();
    }
    control.close();
    ingress.close().syncUninterruptibly();
  }

  /** The IPv4 address as an int, without allocating for the usual {@code Inet4Address}. */
  static int ipv4(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.hashCode();
    }
    byte[] b = address.getAddress();
    int n = b.length;
    return n < 4
        ? 0
        : ((b[n - 4] & 0xff) << 24)
            | ((b[n - 3] & 0xff) << 16)
            | ((b[n - 2] & 0xff) << 8)
            | (b[n - 1] & 0xff);
  }

  private final class Ingress extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      int len = Math.min(content.readableBytes(), rx.length);
      content.getBytes(content.readerIndex(), rx, 0, len);
      worker.onTunnel(rx, 0, len, ipv4(packet.sender().getAddress()), System.nanoTime());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      flushAll();
    }
  }

  private final class Control extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf content = packet.content();
      int len = Math.min(content.readableBytes(), rx.length);
      content.getBytes(content.readerIndex(), rx, 0, len);
      if (seal.open(rx, 0, len, controlPort())) {
        worker.onControl(rx, 0, seal.openedLength(), packet.sender(), System.nanoTime());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      flushAll();
    }
  }

  /** Egress sockets only send; anything arriving on them is dropped. */
  private static final class Discard extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {}
  }
}
