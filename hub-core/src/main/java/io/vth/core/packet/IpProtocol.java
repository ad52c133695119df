package io.vth.core.packet;

/** IP protocol and IPv6 next-header numbers the codecs recognise (IANA assigned). */
public final class IpProtocol {

  /** IPv6 hop-by-hop options header. */
  public static final int HOP_BY_HOP = 0;

  /** ICMP for IPv4. */
  public static final int ICMP = 1;

  /** TCP. */
  public static final int TCP = 6;

  /** UDP. */
  public static final int UDP = 17;

  /** IPv6 routing header. */
  public static final int ROUTING = 43;

  /** IPv6 fragment header. */
  public static final int FRAGMENT = 44;

  /** Encapsulating security payload (opaque: ends the header walk). */
  public static final int ESP = 50;

  /** Authentication header. */
  public static final int AH = 51;

  /** ICMPv6. */
  public static final int ICMPV6 = 58;

  /** IPv6 "no next header". */
  public static final int NO_NEXT_HEADER = 59;

  /** IPv6 destination options header. */
  public static final int DESTINATION_OPTIONS = 60;

  /** SCTP. */
  public static final int SCTP = 132;

  private IpProtocol() {}

  /** Whether the protocol's header starts with a 16-bit source and destination port. */
  public static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP || protocol == SCTP;
  }
}
