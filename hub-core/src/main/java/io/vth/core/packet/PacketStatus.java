package io.vth.core.packet;

/**
 * Why a header check passed or failed: the allocation-free result of every {@code check}/{@code
 * parse} entry point, one constant per drop counter.
 */
public enum PacketStatus {
  /** The header is well formed. */
  OK,
  /** The buffer ends before the header (or a part of it that must be read) does. */
  TRUNCATED,
  /** The IP version field is not the expected one. */
  BAD_VERSION,
  /** The IPv4 header length field is below 5 words. */
  BAD_IHL,
  /** The IP total/payload length is smaller than the header or larger than the buffer. */
  BAD_TOTAL_LENGTH,
  /** The header checksum does not verify. */
  BAD_CHECKSUM,
  /** A length field inside a transport header (UDP length, TCP data offset) is impossible. */
  BAD_LENGTH,
  /** More VLAN tags or IPv6 extension headers than the bounded walk accepts. */
  TOO_MANY_HEADERS,
  /** A field names a variant this codec does not handle (ARP for a non-Ethernet/IPv4 pair). */
  UNSUPPORTED,
  /** The VXLAN I flag is clear. */
  FLAG_NOT_SET,
  /** A VXLAN reserved bit is set. */
  RESERVED_BITS;

  /** Whether this is {@link #OK}. */
  public boolean isOk() {
    return this == OK;
  }
}
