package io.vth.decision;

import io.vth.core.action.ActionAssembler;
import io.vth.core.action.ActionProgram;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.PrefixTranslation;
import io.vth.core.flow.FlowKey;
import io.vth.core.packet.Icmp;
import io.vth.core.packet.IpProtocol;
import java.util.HashMap;
import java.util.Map;

/**
 * Compiles forwarding decisions into action programs. A program depends only on the egress, the
 * translations, the address family, the transport protocol and whether the packet is a non-first
 * fragment, never on host bits or ports, so programs are compiled once per such shape and shared by
 * every flow of that shape (one compiler per config generation).
 *
 * <p>The next-hop MAC in a program's egress is zero: the dataplane pod resolves it from what it
 * learned on the egress segment (ARP, frames received), which the decision pod cannot know.
 */
public final class ActionCompiler {

  private record Shape(
      int egressVni,
      PrefixTranslation source,
      PrefixTranslation destination,
      boolean ipv6,
      int protocol,
      boolean nonFirstFragment,
      boolean icmpError,
      Decision.DnsRewrite dns) {}

  private final Map<Shape, ActionProgram> programs = new HashMap<>();

  /** The program for a forwarding {@code decision} of flow {@code key}. */
  public synchronized ActionProgram compile(Decision decision, FlowKey key) {
    Shape shape =
        new Shape(
            decision.egress().vni(),
            decision.source(),
            decision.destination(),
            key.isIpv6(),
            transportWithChecksum(key.protocol()),
            key.isNonFirstFragment(),
            isIcmpv4Error(key),
            decision.dns());
    return programs.computeIfAbsent(shape, s -> ActionAssembler.assemble(source(s, decision)));
  }

  /** Programs compiled so far. */
  public synchronized int size() {
    return programs.size();
  }

  private static int transportWithChecksum(int protocol) {
    return protocol == IpProtocol.TCP || protocol == IpProtocol.UDP || protocol == IpProtocol.ICMPV6
        ? protocol
        : 0;
  }

  /**
   * ICMP errors quote the packet they are about; FlowKey puts their type in the port's high byte.
   */
  private static boolean isIcmpv4Error(FlowKey key) {
    return !key.isIpv6()
        && key.protocol() == IpProtocol.ICMP
        && !key.isNonFirstFragment()
        && Icmp.isError(key.dstPort() >>> 8);
  }

  /** The assembly text of a program of {@code shape}. */
  static String source(Shape shape, Decision decision) {
    var egress = decision.egress();
    StringBuilder asm = new StringBuilder();
    asm.append(".const out egress vni=")
        .append(egress.vni())
        .append(" remote=")
        .append(IpAddress.ofIpv4(egress.remoteIpv4()))
        .append(" port=")
        .append(egress.port())
        .append(" mac=00:00:00:00:00:00\n");
    Decision.DnsRewrite dns = shape.dns();
    if (dns != null) {
      mapping(asm, "dns4", "map4", dns.map4());
      mapping(asm, "dns6", "map6", dns.map6());
    }
    if (shape.ipv6()) {
      Ipv6Template.append(
          asm, shape.source(), shape.destination(), shape.protocol(), shape.nonFirstFragment());
    } else {
      Ipv4Template.append(
          asm,
          shape.source(),
          shape.destination(),
          shape.protocol(),
          shape.nonFirstFragment(),
          shape.icmpError());
    }
    if (dns != null) {
      dnsRewrite(asm, dns, shape.ipv6());
    }
    asm.append("        call set_egress out\n")
        .append("        call emit\n")
        .append("malformed:\n        call drop malformed\n")
        .append("expired:\n        call drop ttl_expired\n");
    return asm.toString();
  }

  private static void mapping(StringBuilder asm, String name, String kind, PrefixTranslation t) {
    if (t != null) {
      asm.append(".const ")
          .append(name)
          .append(' ')
          .append(kind)
          .append(' ')
          .append(t.from())
          .append(' ')
          .append(t.to())
          .append('\n');
    }
  }

  /**
   * Intercept mode: rewrites the A/AAAA answers of the DNS response in the UDP payload (the helper
   * recomputes the UDP checksum when it changes anything); a malformed message is dropped.
   */
  private static void dnsRewrite(StringBuilder asm, Decision.DnsRewrite dns, boolean ipv6) {
    if (ipv6) {
      asm.append("        ldb r1, [6]\n        jne r1, 17, malformed\n        ldi r6, 40\n");
    } else {
      asm.append("        ldb r6, [0]\n        and r6, 15\n        lsh r6, 2\n");
    }
    asm.append("        call dns_rewrite r6, ")
        .append(dns.map4() == null ? "none" : "dns4")
        .append(", ")
        .append(dns.map6() == null ? "none" : "dns6")
        .append(", ")
        .append(dns.ttlCap())
        .append('\n')
        .append("        jslt r0, 0, malformed\n");
  }
}
