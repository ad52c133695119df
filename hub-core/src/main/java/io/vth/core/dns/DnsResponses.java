package io.vth.core.dns;

import java.util.List;

/**
 * Builds the responses the hub sends when it answers as a resolver (Endpoint mode): each copies the
 * query's ID, opcode, RD bit and question section, and sets QR and RA.
 */
public final class DnsResponses {

  private DnsResponses() {}

  /** An authoritative NOERROR answer carrying {@code answers} (empty means NODATA). */
  public static DnsMessage answer(DnsMessage query, List<DnsRecord> answers) {
    return respond(query, DnsHeader.FLAG_AA, DnsHeader.RCODE_NOERROR, answers, List.of());
  }

  /**
   * An authoritative NXDOMAIN; {@code authority} may carry the zone's SOA for negative caching (RFC
   * 2308).
   */
  public static DnsMessage nxdomain(DnsMessage query, List<DnsRecord> authority) {
    return respond(query, DnsHeader.FLAG_AA, DnsHeader.RCODE_NXDOMAIN, List.of(), authority);
  }

  /** A SERVFAIL: the hub could not answer (upstream failed or timed out). */
  public static DnsMessage servfail(DnsMessage query) {
    return respond(query, 0, DnsHeader.RCODE_SERVFAIL, List.of(), List.of());
  }

  /** A REFUSED: the hub does not answer for this name or client. */
  public static DnsMessage refused(DnsMessage query) {
    return respond(query, 0, DnsHeader.RCODE_REFUSED, List.of(), List.of());
  }

  /**
   * A response with the given extra flags (such as {@link DnsHeader#FLAG_AA}) and response code.
   */
  public static DnsMessage respond(
      DnsMessage query,
      int extraFlags,
      int rcode,
      List<DnsRecord> answers,
      List<DnsRecord> authority) {
    int flags =
        DnsHeader.FLAG_QR
            | DnsHeader.FLAG_RA
            | (query.flags() & DnsHeader.FLAG_RD)
            | DnsHeader.withOpcode(0, query.opcode())
            | (extraFlags & (DnsHeader.FLAG_AA | DnsHeader.FLAG_TC))
            | DnsHeader.withRcode(0, rcode);
    return new DnsMessage(query.id(), flags, query.questions(), answers, authority, List.of());
  }
}
