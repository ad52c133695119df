package io.vth.bench;

import io.vth.core.packet.Ethernet;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Vxlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dedicated VXLAN traffic generator and sink for the dataplane pod's own ceiling (issue 9, item
 * 2), without iperf3 or kernel tunnels: pre-built VXLAN datagrams (inner IPv4/UDP with a 64-byte
 * payload, {@code flows} distinct source ports) are sent in a tight loop from {@code from} to
 * {@code target} (the dataplane pod, or the baseline relay); a sink socket at {@code sink} counts
 * what arrives with the egress VNI. One plain blocking {@link DatagramChannel#write} per datagram
 * (one sendto each: Java has no sendmmsg without Netty), so the generator itself has a ceiling,
 * which the output states (sent pps); with {@code -Dblast.sendmmsg=true} a Netty epoll channel
 * sends in batches of 64 with {@code sendmmsg} instead ({@link MmsgSender}).
 *
 * <p>Before measuring, the sink sends one packet from the egress network (so the pod learns its
 * next hop MAC), then every flow is sent once (so every flow has its action cached), then the
 * generator runs for {@code warmup} seconds unmeasured and {@code seconds} measured.
 *
 * <pre>
 * VxlanBlast TARGET_HOST:PORT FROM_HOST:PORT SINK_HOST:PORT INGRESS_VNI EGRESS_VNI SECONDS [FLOWS] [WARMUP]
 * </pre>
 *
 * Addresses: the ingress network is 10.1.0.0/16 (source 10.1.0.10), the egress network 10.2.0.0/16
 * (destination 10.2.0.10); gateway MACs as {@link DecisionConfigs} derives them.
 */
public final class VxlanBlast {

  static final int SRC = 0x0a01000a; // 10.1.0.10
  static final int DST = 0x0a02000a; // 10.2.0.10
  static final int PAYLOAD = 64;

  public static void main(String[] args) throws Exception {
    InetSocketAddress target = parse(args[0]);
    InetSocketAddress from = parse(args[1]);
    InetSocketAddress sinkAt = parse(args[2]);
    int ingressVni = Integer.parseInt(args[3]);
    int egressVni = Integer.parseInt(args[4]);
    double seconds = Double.parseDouble(args[5]);
    int flows = args.length > 6 ? Integer.parseInt(args[6]) : 64;
    double warmup = args.length > 7 ? Double.parseDouble(args[7]) : 2;

    byte[][] frames = new byte[flows][];
    for (int i = 0; i < flows; i++) {
      frames[i] = frame(ingressVni, SRC, DST, 20000 + i, 5201);
    }
    DatagramChannel sink = DatagramChannel.open();
    sink.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    sink.bind(sinkAt);
    AtomicLong received = new AtomicLong();
    AtomicLong foreign = new AtomicLong();
    Thread sinkThread =
        new Thread(
            () -> {
              ByteBuffer b = ByteBuffer.allocateDirect(2048);
              try {
                while (true) {
                  b.clear();
                  sink.receive(b);
                  if (b.position() >= 8 && (b.getInt(4) >>> 8) == egressVni) {
                    received.incrementAndGet();
                  } else {
                    foreign.incrementAndGet();
                  }
                }
              } catch (AsynchronousCloseException e) {
                // done
              } catch (IOException e) {
                e.printStackTrace();
              }
            },
            "sink");
    sinkThread.setDaemon(true);
    sinkThread.start();

    // the egress network speaks once, so that the hub learns its next hop
    sink.send(ByteBuffer.wrap(frame(egressVni, DST, SRC, 5201, 20000)), target);

    DatagramChannel gen = DatagramChannel.open();
    gen.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
    gen.bind(from);
    gen.connect(target);
    ByteBuffer[] buffers = new ByteBuffer[flows];
    for (int i = 0; i < flows; i++) {
      buffers[i] = ByteBuffer.allocateDirect(frames[i].length);
      buffers[i].put(frames[i]).flip();
    }
    // every flow once, then a pause: the first packets take the slow path
    for (int i = 0; i < flows; i++) {
      send(gen, buffers[i]);
    }
    Thread.sleep(500);

    boolean batched = Boolean.getBoolean("blast.sendmmsg");
    MmsgSender mmsg = null;
    if (batched) {
      gen.close(); // the batched sender takes over the same local address
      mmsg = new MmsgSender(from, target, frames);
    }
    long sent =
        batched ? mmsg.blast((long) (warmup * 1e9)) : blast(gen, buffers, (long) (warmup * 1e9));
    long r0 = received.get();
    long t0 = System.nanoTime();
    sent =
        batched ? mmsg.blast((long) (seconds * 1e9)) : blast(gen, buffers, (long) (seconds * 1e9));
    long t1 = System.nanoTime();
    if (mmsg != null) {
      mmsg.close();
    }
    Thread.sleep(200); // stragglers still in socket buffers belong to the measured window
    long r1 = received.get();
    double elapsed = (t1 - t0) / 1e9;
    sink.close();
    gen.close();
    System.out.printf(
        "RESULT sent_pps=%.0f received_pps=%.0f delivered=%.4f seconds=%.2f flows=%d foreign=%d%n",
        sent / elapsed,
        (r1 - r0) / elapsed,
        (r1 - r0) / (double) sent,
        elapsed,
        flows,
        foreign.get());
  }

  /**
   * The batched generator ({@code -Dblast.sendmmsg=true}): a connected Netty {@code
   * EpollDatagramChannel} on its own event loop writes 64 datagrams and flushes them with one
   * {@code sendmmsg}, as long as the channel is writable. Needs Netty on the class path ({@code
   * decision-pod/target/lib/*}).
   */
  static final class MmsgSender {
    private final io.netty.channel.EventLoopGroup group =
        new io.netty.channel.epoll.EpollEventLoopGroup(1);
    private final io.netty.channel.Channel ch;
    private final io.netty.buffer.ByteBuf[] bufs;

    MmsgSender(InetSocketAddress from, InetSocketAddress target, byte[][] frames)
        throws InterruptedException {
      ch =
          new io.netty.bootstrap.Bootstrap()
              .group(group)
              .channel(io.netty.channel.epoll.EpollDatagramChannel.class)
              .option(io.netty.channel.ChannelOption.SO_SNDBUF, 4 << 20)
              .option(
                  io.netty.channel.ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new io.netty.channel.WriteBufferWaterMark(256 << 10, 1 << 20))
              .handler(
                  new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object m) {
                      io.netty.util.ReferenceCountUtil.release(m);
                    }

                    @Override
                    public void exceptionCaught(
                        io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                      // a refused datagram (target not up yet): keep going
                    }
                  })
              .bind(from)
              .sync()
              .channel();
      ch.connect(target).sync();
      bufs = new io.netty.buffer.ByteBuf[frames.length];
      for (int i = 0; i < frames.length; i++) {
        bufs[i] = io.netty.buffer.Unpooled.directBuffer(frames[i].length).writeBytes(frames[i]);
      }
    }

    long blast(long nanos) throws Exception {
      java.util.concurrent.CompletableFuture<Long> done =
          new java.util.concurrent.CompletableFuture<>();
      long end = System.nanoTime() + nanos;
      ch.eventLoop()
          .execute(
              new Runnable() {
                long sent;
                int i;

                @Override
                public void run() {
                  for (int b = 0; b < 16 && ch.isWritable(); b++) {
                    for (int k = 0; k < 64; k++) {
                      ch.write(bufs[i].retainedDuplicate(), ch.voidPromise());
                      if (++i == bufs.length) {
                        i = 0;
                      }
                    }
                    ch.flush();
                    sent += 64;
                  }
                  if (System.nanoTime() >= end) {
                    done.complete(sent);
                  } else {
                    ch.eventLoop().execute(this);
                  }
                }
              });
      return done.get();
    }

    void close() {
      ch.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static long blast(DatagramChannel gen, ByteBuffer[] buffers, long nanos)
      throws IOException {
    long end = System.nanoTime() + nanos;
    long sent = 0;
    int n = buffers.length;
    int i = 0;
    while (true) {
      for (int k = 0; k < 256; k++) {
        send(gen, buffers[i]);
        if (++i == n) {
          i = 0;
        }
      }
      sent += 256;
      if (System.nanoTime() >= end) {
        return sent;
      }
    }
  }

  private static void send(DatagramChannel gen, ByteBuffer b) throws IOException {
    b.rewind();
    try {
      gen.write(b);
    } catch (java.net.PortUnreachableException e) {
      // an ICMP port unreachable from an earlier datagram (target not up yet): keep going
    }
  }

  /** A VXLAN datagram: inner Ethernet to the ingress gateway MAC, IPv4/UDP, 64-byte payload. */
  static byte[] frame(int vni, int src, int dst, int srcPort, int dstPort) {
    byte[] payload = new byte[PAYLOAD];
    byte[] ip = new byte[20 + 8 + PAYLOAD];
    Packets.writeIpv4(ip, 0, IpProtocol.UDP, src, dst, 64, payload);
    // ports: Packets writes 40000 -> 53; set ours and recompute via a fresh build
    ip[20] = (byte) (srcPort >> 8);
    ip[21] = (byte) srcPort;
    ip[22] = (byte) (dstPort >> 8);
    ip[23] = (byte) dstPort;
    ip[26] = 0; // UDP checksum 0: "none" for IPv4, valid and left untouched by the hub
    ip[27] = 0;
    byte[] p = new byte[Vxlan.HEADER_LENGTH + Ethernet.HEADER_LENGTH + ip.length];
    Vxlan.writeHeader(p, 0, vni);
    long gatewayMac = 0x027674000000L | vni;
    Ethernet.writeHeader(p, 8, gatewayMac, 0x02aa00000000L | vni, Ethernet.TYPE_IPV4);
    System.arraycopy(ip, 0, p, 8 + Ethernet.HEADER_LENGTH, ip.length);
    return p;
  }

  static InetSocketAddress parse(String hostPort) {
    int c = hostPort.lastIndexOf(':');
    return new InetSocketAddress(
        hostPort.substring(0, c), Integer.parseInt(hostPort.substring(c + 1)));
  }
}
