package io.vth.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.vth.pod.UdpChannels;

/**
 * The UDP-only baseline of the decision load benchmark: a UDP echo server on exactly the decision
 * pod's I/O stack (one Netty epoll event loop, {@link UdpChannels} settings: recvmmsg batches,
 * pooled buffers, one flush per read batch), answering every datagram with itself. No decoding, no
 * decision. Runs with the decision pod's libraries: {@code -cp
 * benchmarks.jar:decision-pod/target/lib/*}.
 *
 * <pre>NettyEcho HOST:PORT</pre>
 */
public final class NettyEcho extends SimpleChannelInboundHandler<DatagramPacket> {

  public static void main(String[] args) throws Exception {
    EventLoopGroup group = UdpChannels.newGroup(1, "echo");
    UdpChannels.bind(group, VxlanBlast.parse(args[0]), new NettyEcho(), false);
    System.out.println("netty echo on " + args[0]);
    Thread.currentThread().join();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()), ctx.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }
}
