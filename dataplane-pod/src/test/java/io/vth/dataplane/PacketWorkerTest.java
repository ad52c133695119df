package io.vth.dataplane;

import static io.vth.dataplane.Frames.HOST_MAC;
import static io.vth.dataplane.Frames.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.packet.Arp;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Icmp;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.pod.PodIdentity;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker: the checks with their drop reasons, ARP, the slow path and the cache. */
class PacketWorkerTest {

  static final int A = 1001;
  static final int B = 1002;
  static final int REMOTE_A = ip("10.254.0.2");
  static final int REMOTE_B = ip("10.254.0.6");
  static final long GW_MAC_A = 0x02_76_74_00_03_e9L;
  static final long MAC_B = 0x02_00_00_00_bb_0aL;

  private final DataplaneState state = new DataplaneState(PodIdentity.of("corp", "dp-0"));
  private final Loopback net = new Loopback();
  private PacketWorker worker;

  static DecisionConfig config(long generation, Route... extra) {
    List<Route> routes =
        new ArrayList<>(
            List.of(Route.to("192.168.1.0/24", "t/a"), Route.to("10.10.1.0/24", "t/b")));
    routes.addAll(List.of(extra));
    Hub hub =
        new Hub(
            "t/corp",
            List.of(new Domain("default", routes)),
            List.of(
                new Attachment(
                    "t/a",
                    A,
                    "default",
                    "10.254.0.2",
                    4789,
                    "169.254.0.1/30",
                    "02:76:74:00:03:e9",
                    List.of("192.168.1.0/24"),
                    List.of()),
                new Attachment(
                    "t/b",
                    B,
                    "default",
                    "10.254.0.6",
                    4789,
                    "169.254.0.5/30",
                    "02:76:74:00:03:ea",
                    List.of("10.10.1.0/24"),
                    List.of())),
            List.of(),
            null);
    return new DecisionConfig(1, generation, "corp", List.of(hub));
  }

  @BeforeEach
  void start() {
    worker = new PacketWorker(state, net, 1024);
    net.worker = worker;
    accept(config(1));
    state.peers().setAddresses(List.of(new InetSocketAddress("127.0.0.1", 4791)));
    state.neighbors().learn(B, ip("10.10.1.10"), MAC_B);
  }

  private void accept(DecisionConfig c) {
    state.accept(c);
    net.decisions.accept(c);
  }

  private void fromA(byte[] ipPacket) {
    byte[] d = Frames.vxlan(A, GW_MAC_A, HOST_MAC, Ethernet.TYPE_IPV4, ipPacket);
    worker.onTunnel(d, 0, d.length, REMOTE_A, System.nanoTime());
  }

  @Test
  void aFlowIsAskedOnceThenForwardedFromTheCache() {
    for (int i = 0; i < 5; i++) {
      fromA(Frames.udp("192.168.1.10", "10.10.1.10", 5000, 53, 64, 20));
    }
    assertThat(net.queries).as("one query for a flood of misses").hasSize(1);
    assertThat(net.deliver()).isEqualTo(1);
    assertThat(net.tunnel).as("queued packets released by the reply").hasSize(5);

    fromA(Frames.udp("192.168.1.10", "10.10.1.10", 5000, 53, 64, 20));
    assertThat(net.queries).isEmpty();
    assertThat(net.tunnel).hasSize(6);
    Loopback.Sent sent = net.tunnel.get(5);
    assertThat(sent.vni()).isEqualTo(B);
    assertThat(sent.remote()).isEqualTo(new InetSocketAddress("10.254.0.6", 4789));
    assertThat(sent.dstMac()).isEqualTo(MAC_B);
    assertThat(Ipv4.ttl(sent.datagram(), sent.ipOffset())).isEqualTo(63);
    assertThat(worker.stats().cacheHits()).isEqualTo(1);
    assertThat(worker.stats().packetsForwarded()).isEqualTo(6);
  }

  @Test
  void anExpiredButCurrentActionKeepsForwardingWhileOneQueryRenewsIt() {
    long t0 = System.nanoTime();
    byte[] frame =
        Frames.vxlan(
            A,
            GW_MAC_A,
            HOST_MAC,
            Ethernet.TYPE_IPV4,
            Frames.udp("192.168.1.10", "10.10.1.10", 5000, 53, 64, 20));
    worker.onTunnel(frame, 0, frame.length, REMOTE_A, t0);
    net.deliver();
    long later = t0 + 61_000_000_000L;
    for (int i = 0; i < 3; i++) {
      byte[] f =
          Frames.vxlan(
              A,
              GW_MAC_A,
              HOST_MAC,
              Ethernet.TYPE_IPV4,
              Frames.udp("192.168.1.10", "10.10.1.10", 5000, 53, 64, 20));
      worker.onTunnel(f, 0, f.length, REMOTE_A, later + i);
    }
    assertThat(net.tunnel).as("forwarded at once, not queued").hasSize(4);
    assertThat(net.queries).as("one renewal").hasSize(1);
    net.deliver();
    assertThat(net.tunnel).as("the renewal releases no duplicate").hasSize(4);
  }

  @Test
  void theQueueOfAFlowIsBounded() {
    for (int i = 0; i < SlowPath.PER_FLOW + 4; i++) {
      fromA(Frames.udp("192.168.1.10", "10.10.1.10", 5000, 53, 64, 20));
    }
    assertThat(worker.stats().dropped(DropCause.QUEUE_FULL)).isEqualTo(4);
    net.deliver();
    assertThat(net.tunnel).hasSize(SlowPath.PER_FLOW);
  }

  @Test
  void aNewGenerationMakesCachedActionsStale() {
    fromA(Frames.udp("192.168.1.10", "10.10.1.10", 5000, 53, 64, 20));
    net.deliver();
    accept(config(2, Route.blackhole("10.10.1.0/25")));
    fromA(Frames.udp("192.168.1.10", "10.10.1.10", 5000, 53, 64, 20));
    assertThat(net.queries).as("re-decided, not served from the old action").hasSize(1);
    net.deliver();
    assertThat(worker.stats().dropped(DropCause.BLACKHOLE)).isEqualTo(1);
    assertThat(net.tunnel).hasSize(1);
  }

  @Test
  void eachCheckDropsWithItsOwnReason() {
    byte[] good =
        Frames.vxlan(
            A,
            GW_MAC_A,
            HOST_MAC,
            Ethernet.TYPE_IPV4,
            Frames.udp("192.168.1.10", "10.10.1.10", 1, 2, 64, 0));
    byte[] badFlags = good.clone();
    badFlags[0] = 0;
    worker.onTunnel(badFlags, 0, badFlags.length, REMOTE_A, 0);
    byte[] unknownVni =
        Frames.vxlan(
            4242,
            GW_MAC_A,
            HOST_MAC,
            Ethernet.TYPE_IPV4,
            Frames.udp("192.168.1.10", "10.10.1.10", 1, 2, 64, 0));
    worker.onTunnel(unknownVni, 0, unknownVni.length, REMOTE_A, 0);
    worker.onTunnel(good, 0, good.length, REMOTE_B, 0);
    fromA(Frames.udp("172.16.0.9", "10.10.1.10", 1, 2, 64, 0));
    byte[] badChecksum = Frames.udp("192.168.1.10", "10.10.1.10", 1, 2, 64, 0);
    badChecksum[10] ^= 1;
    fromA(badChecksum);
    fromA(Frames.udp("192.168.1.10", "10.10.1.10", 1, 2, 1, 0));

    assertThat(worker.stats().dropped(DropCause.MALFORMED)).isEqualTo(2);
    assertThat(worker.stats().dropped(DropCause.UNKNOWN_VNI)).isEqualTo(1);
    assertThat(worker.stats().dropped(DropCause.BAD_TUNNEL_SOURCE)).isEqualTo(1);
    assertThat(worker.stats().dropped(DropCause.SPOOFED_SOURCE)).isEqualTo(1);
    assertThat(worker.stats().dropped(DropCause.TTL_EXPIRED)).isEqualTo(1);
    assertThat(net.queries).isEmpty();
  }

  @Test
  void anExpiredTtlIsReportedToTheSenderWithIcmp() {
    fromA(Frames.udp("192.168.1.10", "10.10.1.10", 1, 2, 1, 0));
    assertThat(net.tunnel).hasSize(1);
    Loopback.Sent icmp = net.tunnel.get(0);
    int at = icmp.ipOffset();
    assertThat(icmp.vni()).isEqualTo(A);
    assertThat(icmp.dstMac()).isEqualTo(HOST_MAC);
    assertThat(Ipv4.source(icmp.datagram(), at)).isEqualTo(ip("169.254.0.1"));
    assertThat(Ipv4.destination(icmp.datagram(), at)).isEqualTo(ip("192.168.1.10"));
    assertThat(Icmp.type(icmp.datagram(), at + 20)).isEqualTo(Icmp.TIME_EXCEEDED);
  }

  /**
   * A decision pod that believes A's domain reaches B (a stale or compromised one) sends a program
   * egressing to B; the dataplane pod's own config says A's domain has no route there, so the
   * packet is refused after the program ran.
   */
  @Test
  void aProgramSendingWhereTheRoutingDomainDoesNotReachIsRefused() {
    DecisionConfig noRouteToB =
        new DecisionConfig(
            1,
            2,
            "corp",
            List.of(
                new Hub(
                    "t/corp",
                    List.of(new Domain("default", List.of(Route.to("192.168.1.0/24", "t/a")))),
                    config(2).hubs().get(0).attachments(),
                    List.of(),
                    null)));
    state.accept(noRouteToB);
    net.decisions.accept(config(2));

    fromA(Frames.udp("192.168.1.10", "10.10.1.10", 1, 2, 64, 8));
    net.deliver();

    assertThat(net.tunnel).isEmpty();
    assertThat(worker.stats().dropped(DropCause.EGRESS_REFUSED)).isEqualTo(1);
  }

  @Test
  void theHubsLimitsSizeTheShares() {
    Hub hub = config(2).hubs().get(0);
    accept(
        new DecisionConfig(
            1,
            2,
            "corp",
            List.of(
                new Hub(
                    hub.name(),
                    hub.domains(),
                    hub.attachments(),
                    hub.translations(),
                    hub.dns(),
                    new DecisionConfig.Limits(10, 1024, 256, 64)))));

    for (int port = 1; port <= 5; port++) {
      fromA(Frames.udp("192.168.1.10", "10.10.1.10", port, 7, 64, 8));
    }

    assertThat(net.queries).as("a burst of a fifth of 10 a second").hasSize(2);
    assertThat(worker.stats().dropped(DropCause.TENANT_LIMIT)).isEqualTo(3);
  }

  @Test
  void aNetworkFloodingNewFlowsLeavesTheSlowPathToTheOthers() {
    int flood = 3 * DecisionConfig.Limits.DEFAULT.newFlowBurst();
    for (int port = 1; port <= flood; port++) {
      fromA(Frames.udp("192.168.1.10", "10.10.1.10", port, 7, 64, 8));
    }
    int askedForA = net.queries.size();
    long refused = worker.stats().dropped(DropCause.TENANT_LIMIT);

    assertThat(askedForA).isLessThanOrEqualTo(DecisionConfig.Limits.DEFAULT.waitingFlows());
    assertThat(askedForA).isGreaterThanOrEqualTo(DecisionConfig.Limits.DEFAULT.newFlowBurst());
    // flows not asked for, and packets beyond A's share of the queue
    assertThat(refused)
        .isEqualTo(flood - askedForA + (askedForA - DecisionConfig.Limits.DEFAULT.queuedPackets()));
    assertThat(worker.stats().dropped(DropCause.QUEUE_FULL)).isZero();

    // B, while A's flows are still waiting, starts a flow: it is asked for and forwarded.
    byte[] d =
        Frames.vxlan(
            B,
            0x02_76_74_00_03_eaL,
            MAC_B,
            Ethernet.TYPE_IPV4,
            Frames.udp("10.10.1.10", "192.168.1.10", 40000, 53, 64, 8));
    worker.onTunnel(d, 0, d.length, REMOTE_B, System.nanoTime());
    assertThat(net.queries).hasSize(askedForA + 1);
    assertThat(worker.stats().dropped(DropCause.TENANT_LIMIT)).isEqualTo(refused);
    net.deliver();
    assertThat(net.tunnel).anySatisfy(sent -> assertThat(sent.vni()).isEqualTo(A));
    assertThat(worker.slow.pendingFlows()).isZero();
  }

  @Test
  void aDfPacketTooBigForTheTunnelIsAnsweredWithFragmentationNeededAndTheMtu() {
    state.setTunnelMtu(1300);
    byte[] big = Frames.udp("192.168.1.10", "10.10.1.10", 1, 2, 64, 1400 - 28);
    Ipv4.writeHeader(
        big,
        0,
        big.length,
        1,
        Ipv4.FLAG_DF,
        64,
        IpProtocol.UDP,
        ip("192.168.1.10"),
        ip("10.10.1.10"));

    fromA(big);

    assertThat(net.tunnel).hasSize(1);
    Loopback.Sent icmp = net.tunnel.get(0);
    int at = icmp.ipOffset();
    assertThat(icmp.vni()).isEqualTo(A);
    assertThat(icmp.dstMac()).isEqualTo(HOST_MAC);
    assertThat(Ipv4.destination(icmp.datagram(), at)).isEqualTo(ip("192.168.1.10"));
    assertThat(Icmp.type(icmp.datagram(), at + 20)).isEqualTo(Icmp.DESTINATION_UNREACHABLE);
    assertThat(Icmp.code(icmp.datagram(), at + 20)).isEqualTo(Icmp.CODE_FRAGMENTATION_NEEDED);
    assertThat(Icmp.sequence(icmp.datagram(), at + 20)).as("next-hop MTU").isEqualTo(1250);
    assertThat(Icmp.check(icmp.datagram(), at + 20, icmp.datagram().length - at - 20).isOk())
        .isTrue();
    assertThat(worker.stats().dropped(DropCause.TOO_BIG)).isEqualTo(1);
    assertThat(net.queries).isEmpty();

    // Without DF the same packet goes on (the kernel fragments the tunnel's datagram).
    fromA(Frames.udp("192.168.1.10", "10.10.1.10", 1, 2, 64, 1400 - 28));
    assertThat(net.queries).hasSize(1);
    assertThat(worker.stats().dropped(DropCause.TOO_BIG)).isEqualTo(1);
  }

  @Test
  void theGatewayAnswersArpAndPing() {
    byte[] who =
        Frames.vxlan(
            A,
            Ethernet.BROADCAST,
            HOST_MAC,
            Ethernet.TYPE_ARP,
            Frames.arpRequest(HOST_MAC, "169.254.0.2", "169.254.0.1"));
    worker.onTunnel(who, 0, who.length, REMOTE_A, 0);
    assertThat(net.tunnel).hasSize(1);
    Loopback.Sent reply = net.tunnel.get(0);
    int at = reply.ipOffset();
    assertThat(reply.etherType()).isEqualTo(Ethernet.TYPE_ARP);
    assertThat(Arp.operation(reply.datagram(), at)).isEqualTo(Arp.OP_REPLY);
    assertThat(Arp.senderMac(reply.datagram(), at)).isEqualTo(GW_MAC_A);
    assertThat(Arp.senderIp(reply.datagram(), at)).isEqualTo(ip("169.254.0.1"));
    assertThat(state.neighbors().lookup(A, ip("169.254.0.2")))
        .as("learned the asker")
        .isEqualTo(HOST_MAC);

    fromA(Frames.ping("192.168.1.10", "169.254.0.1", 64));
    Loopback.Sent pong = net.tunnel.get(1);
    assertThat(Icmp.type(pong.datagram(), pong.ipOffset() + 20)).isEqualTo(Icmp.ECHO_REPLY);
    assertThat(Icmp.check(pong.datagram(), pong.ipOffset() + 20, 24).isOk()).isTrue();
    assertThat(Ipv4.verifyHeaderChecksum(pong.datagram(), pong.ipOffset())).isTrue();
  }

  @Test
  void anArpSenderOutsideTheNetworkIsNeitherLearnedNorAnswered() {
    // 10.10.1.10 belongs to network B: A may not claim it.
    byte[] claim =
        Frames.vxlan(
            A,
            Ethernet.BROADCAST,
            HOST_MAC,
            Ethernet.TYPE_ARP,
            Frames.arpRequest(HOST_MAC, "10.10.1.10", "169.254.0.1"));

    worker.onTunnel(claim, 0, claim.length, REMOTE_A, 0);

    assertThat(net.tunnel).isEmpty();
    assertThat(state.neighbors().lookup(A, ip("10.10.1.10"))).isEqualTo(NeighborTable.UNKNOWN);
    assertThat(worker.stats().dropped(DropCause.SPOOFED_SOURCE)).isEqualTo(1);
  }

  @Test
  void anUnknownNextHopIsAskedForWithArpAndThePacketWaits() {
    fromA(Frames.udp("192.168.1.10", "10.10.1.77", 5000, 53, 64, 20));
    net.deliver();
    assertThat(net.tunnel).hasSize(1);
    Loopback.Sent ask = net.tunnel.get(0);
    assertThat(ask.vni()).isEqualTo(B);
    assertThat(ask.etherType()).isEqualTo(Ethernet.TYPE_ARP);
    assertThat(Arp.targetIp(ask.datagram(), ask.ipOffset())).isEqualTo(ip("10.10.1.77"));

    long mac77 = 0x02_00_00_00_bb_77L;
    byte[] answer =
        Frames.vxlan(
            B,
            0x02_76_74_00_03_eaL,
            mac77,
            Ethernet.TYPE_ARP,
            Frames.arpReply(mac77, "10.10.1.77", 0x02_76_74_00_03_eaL, "169.254.0.5"));
    worker.onTunnel(answer, 0, answer.length, REMOTE_B, 0);
    assertThat(net.tunnel).hasSize(2);
    assertThat(net.tunnel.get(1).dstMac()).isEqualTo(mac77);
    assertThat(net.tunnel.get(1).etherType()).isEqualTo(Ethernet.TYPE_IPV4);
  }

  @Test
  void noRouteIsCachedAsADrop() {
    fromA(Frames.udp("192.168.1.10", "8.8.8.8", 5000, 53, 64, 20));
    net.deliver();
    fromA(Frames.udp("192.168.1.10", "8.8.8.8", 5000, 53, 64, 20));
    assertThat(net.queries).isEmpty();
    assertThat(worker.stats().dropped(DropCause.NO_ROUTE)).isEqualTo(2);
  }

  @Test
  void aSilentDecisionPodIsRetriedThenThePacketsAreDropped() {
    state
        .peers()
        .setAddresses(
            List.of(
                new InetSocketAddress("127.0.0.1", 4791),
                new InetSocketAddress("127.0.0.2", 4791)));
    fromA(Frames.udp("192.168.1.10", "10.10.1.10", 5000, 53, 64, 20));
    long t = System.nanoTime();
    for (int i = 1; i <= SlowPath.MAX_ATTEMPTS; i++) {
      worker.tick(t + i * (SlowPath.TIMEOUT_NANOS + 1));
    }
    assertThat(net.queries).hasSize(SlowPath.MAX_ATTEMPTS);
    assertThat(worker.stats().dropped(DropCause.NO_DECISION)).isEqualTo(1);
  }
}
