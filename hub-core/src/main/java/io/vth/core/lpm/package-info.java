/**
 * Longest-prefix-match tables for IPv4 and IPv6: immutable multibit tries with leaf pushing, built
 * once per configuration generation and looked up per packet without allocation.
 */
package io.vth.core.lpm;
