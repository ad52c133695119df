package io.vth.core.dns;

import java.util.Objects;

/** One entry of a message's question section: the name, type and class asked for. */
public record DnsQuestion(DnsName name, int type, int dnsClass) {

  /** Checks the name is present and type/class fit in 16 bits. */
  public DnsQuestion {
    Objects.requireNonNull(name, "name");
    DnsRecord.checkU16("type", type);
    DnsRecord.checkU16("class", dnsClass);
  }

  /** A class-IN question. */
  public static DnsQuestion in(DnsName name, int type) {
    return new DnsQuestion(name, type, DnsRewriter.CLASS_IN);
  }
}
