package io.vth.bench;

import io.vth.core.action.ActionAssembler;
import io.vth.core.action.ActionInterpreter;
import io.vth.core.action.ActionProgram;
import io.vth.core.action.EgressContext;
import io.vth.core.dns.DnsMessage;
import io.vth.core.dns.DnsName;
import io.vth.core.dns.DnsQuestion;
import io.vth.core.dns.DnsRecord;
import io.vth.core.dns.DnsResponses;
import io.vth.core.dns.DnsRewriter;
import io.vth.core.packet.IpProtocol;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One action per operation on a fresh copy of the packet (programs rewrite it in place): the
 * verified program run by {@link ActionInterpreter} against {@link HandWrittenActions}; {@code
 * copyOnly} is the packet copy both include.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class ActionBenchmark {

  /** {@code forward}, {@code snat} (forward + source translation) or {@code dns} (DNS rewrite). */
  @Param({"forward", "snat", "dns"})
  public String action;

  private final ActionInterpreter interpreter = new ActionInterpreter(DnsRewriter::rewriteAnswers);
  private final EgressContext egress = new EgressContext();
  private final HandWrittenActions.Egress handEgress = new HandWrittenActions.Egress();
  private ActionProgram program;
  private int kind;
  private byte[] original;
  private byte[] packet;

  @Setup(Level.Trial)
  public void prepare() throws UnknownHostException {
    byte[] tcpPayload = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    switch (action) {
      case "forward" -> {
        program = ActionAssembler.assemble(ActionPrograms.FORWARD);
        original = Packets.ipv4(IpProtocol.TCP, Packets.CLIENT, Packets.SERVER, 64, tcpPayload);
      }
      case "snat" -> {
        program = ActionAssembler.assemble(ActionPrograms.SNAT);
        original = Packets.ipv4(IpProtocol.TCP, Packets.CLIENT, Packets.SERVER, 64, tcpPayload);
      }
      case "dns" -> {
        program = ActionAssembler.assemble(ActionPrograms.DNS);
        original = Packets.ipv4(IpProtocol.UDP, 0x0a000035, 0x0a000009, 64, dnsResponse().encode());
      }
      default -> throw new IllegalArgumentException("unknown action " + action);
    }
    kind = List.of("forward", "snat", "dns").indexOf(action);
    packet = original.clone();
    checkSameResult();
  }

  /** A response for app.example.internal with two A answers inside 192.168.1.0/24, TTL 300. */
  private static DnsMessage dnsResponse() throws UnknownHostException {
    DnsName name = DnsName.of("app.example.internal");
    DnsMessage query = DnsMessage.query(0x4242, DnsQuestion.in(name, DnsRewriter.TYPE_A));
    return DnsResponses.answer(
        query,
        List.of(
            DnsRecord.a(name, 300, (Inet4Address) InetAddress.getByName("192.168.1.10")),
            DnsRecord.a(name, 300, (Inet4Address) InetAddress.getByName("192.168.1.11"))));
  }

  /** The program and the hand-written action must emit the same bytes, or nothing is compared. */
  private void checkSameResult() {
    byte[] viaProgram = original.clone();
    byte[] viaJava = original.clone();
    int a = interpreter.run(program, viaProgram, viaProgram.length, egress);
    int b = handWritten(viaJava);
    byte[] mac = new byte[6];
    egress.copyNextHopMac(mac, 0);
    boolean sameEgress =
        Arrays.equals(mac, handEgress.mac)
            && egress.vni() == handEgress.vni
            && egress.remoteIpv4() == handEgress.remote
            && egress.udpPort() == handEgress.port;
    if (a != ActionInterpreter.EMIT
        || b != a
        || !sameEgress
        || !Arrays.equals(viaProgram, viaJava)) {
      throw new IllegalStateException(
          action
              + ": program gave "
              + a
              + ", hand-written Java gave "
              + b
              + " or other bytes or egress");
    }
    if (Arrays.equals(viaProgram, original)) {
      throw new IllegalStateException(action + ": the packet did not change");
    }
  }

  private int handWritten(byte[] p) {
    // An int switch: the baseline should not pay for choosing the action by name.
    return switch (kind) {
      case 0 -> HandWrittenActions.forward(p, p.length, handEgress);
      case 1 -> HandWrittenActions.snat(p, p.length, handEgress);
      default -> HandWrittenActions.dns(p, p.length, handEgress);
    };
  }

  @Benchmark
  public int interpreter() {
    System.arraycopy(original, 0, packet, 0, packet.length);
    return interpreter.run(program, packet, packet.length, egress);
  }

  @Benchmark
  public int handWritten() {
    System.arraycopy(original, 0, packet, 0, packet.length);
    return handWritten(packet);
  }

  @Benchmark
  public byte[] copyOnly() {
    System.arraycopy(original, 0, packet, 0, packet.length);
    return packet;
  }
}
