/**
 * The versioned binary UDP protocol between dataplane pods and decision pods: action queries and
 * (segmented) replies, generation changes and health probes.
 *
 * <p>Every message starts with the {@link io.vth.core.wire.WireProtocol#HEADER_LENGTH 18-byte}
 * header: magic {@code "VTH1"}, version, message type, the sender's cell id and pod id; all
 * integers are big-endian. Encoders write into caller-supplied buffers and decoders fill reusable
 * holders and return a {@link io.vth.core.wire.WireError} instead of throwing, so the per-packet
 * path allocates nothing.
 */
package io.vth.core.wire;
