/**
 * IP addresses and CIDR algebra for IPv4 and IPv6: parsing with precise errors, canonical text,
 * prefix sets, 1:1 prefix translation and prefix allocation. All types are immutable and
 * thread-safe.
 */
package io.vth.core.addr;
