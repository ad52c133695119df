package io.vth.pod;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Netty epoll UDP channels set up for packet forwarding: recvmmsg batches, pooled buffers, large
 * socket buffers. The settings are the ones measured best on this stack; see the project's stack
 * notes: the receive allocator must hold several datagrams or recvmmsg is silently off, and the
 * messages-per-read limit must be set on the allocator itself.
 */
public final class UdpChannels {

  /** Largest datagram a slot holds; VXLAN frames of a 1500-byte inner MTU fit. */
  public static final int MAX_DATAGRAM = 2048;

  private static final int BATCH = 64;
  private static final int SOCKET_BUFFER = 4 << 20;

  private UdpChannels() {}

  /** An epoll event loop group with {@code threads} threads named {@code name-N}. */
  public static EventLoopGroup newGroup(int threads, String name) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, name + "-" + n.getAndIncrement());
          t.setDaemon(true);
          return t;
        };
    return new EpollEventLoopGroup(threads, tf);
  }

  /**
   * Binds a datagram channel to {@code address} on {@code group}, with {@code handler} in its
   * pipeline; {@code reusePort} lets several channels (one per event loop) share the port.
   */
  public static DatagramChannel bind(
      EventLoopGroup group, InetSocketAddress address, ChannelHandler handler, boolean reusePort)
      throws InterruptedException {
    FixedRecvByteBufAllocator recv = new FixedRecvByteBufAllocator(BATCH * MAX_DATAGRAM);
    recv.maxMessagesPerRead(16);
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channelFactory(
                () ->
                    new EpollDatagramChannel(
                        address.getAddress() instanceof java.net.Inet6Address
                            ? InternetProtocolFamily.IPv6
                            : InternetProtocolFamily.IPv4))
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
            .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
            .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
            .option(ChannelOption.RCVBUF_ALLOCATOR, recv)
            .option(EpollChannelOption.SO_REUSEPORT, reusePort)
            .handler(handler);
    return (DatagramChannel) b.bind(address).sync().channel();
  }
}
