/**
 * Authentication of the pod-to-pod protocol: every datagram between a cell's pods carries a trailer
 * with its destination, a timestamp, a per-destination sequence number and an HMAC-SHA256 tag under
 * the cell's key. A receiver accepts a datagram only when the tag is right under one of the cell's
 * keys, the destination is itself, the timestamp is within {@link
 * io.vth.core.seal.CellSeal#MAX_SKEW_MILLIS} of its clock and the sequence number has not been seen
 * (a sliding window per sender, as in IPsec). No framework, no allocation per datagram beyond what
 * the JDK's HMAC does.
 */
package io.vth.core.seal;
