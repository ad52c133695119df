/**
 * Zero-copy packet codecs over {@code byte[]} with offsets: Ethernet, ARP, IPv4, IPv6, ICMP,
 * ICMPv6, UDP, TCP and VXLAN, checksums and in-place address rewriting. Checks return a {@link
 * io.vth.core.packet.PacketStatus} and never throw on malformed input; nothing on the per-packet
 * path allocates.
 */
package io.vth.core.packet;
