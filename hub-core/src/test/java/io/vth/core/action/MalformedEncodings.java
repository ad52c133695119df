package io.vth.core.action;

import static io.vth.core.action.MalformedPrograms.append;
import static io.vth.core.action.MalformedPrograms.asm;
import static io.vth.core.action.MalformedPrograms.patch;
import static io.vth.core.action.MalformedPrograms.raw;
import static io.vth.core.action.RawProgram.constant;
import static io.vth.core.action.RawProgram.drop;
import static io.vth.core.action.RawProgram.egressConstant;
import static io.vth.core.action.RawProgram.encode;

import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Malformed encodings (header, limits, constant pool), each with the reason the verifier must
 * report.
 */
final class MalformedEncodings {

  private static final long DROP = drop(DropReason.POLICY);

  private MalformedEncodings() {}

  static Stream<Arguments> catalogue() {
    return Stream.of(
        raw("shorter than the header", new byte[] {'V', 'A', 1}, RejectReason.TRUNCATED, -1),
        raw("wrong magic", patch(encode(new long[] {DROP}), 0, 'X'), RejectReason.BAD_MAGIC, -1),
        raw(
            "version 2",
            patch(encode(new long[] {DROP}), 2, 2),
            RejectReason.UNSUPPORTED_VERSION,
            -1),
        raw(
            "reserved header byte",
            patch(encode(new long[] {DROP}), 3, 1),
            RejectReason.RESERVED_BITS_SET,
            -1),
        raw("no instructions", encode(new long[0]), RejectReason.EMPTY_PROGRAM, -1),
        raw("257 instructions", encode(new long[257]), RejectReason.TOO_MANY_INSTRUCTIONS, -1),
        raw(
            "header promises more code",
            encode(3, 0, new long[] {DROP}),
            RejectReason.TRUNCATED,
            -1),
        raw(
            "bytes after the pool",
            append(encode(new long[] {DROP}), 0),
            RejectReason.TRAILING_BYTES,
            -1),
        raw(
            "33 constants",
            encode(1, 33, new long[] {DROP}),
            RejectReason.CONSTANT_POOL_TOO_LARGE,
            -1),
        raw(
            "over 1024 constant bytes",
            encode(
                new long[] {DROP},
                Collections.nCopies(32, constant(4, new int[33])).toArray(new byte[0][])),
            RejectReason.CONSTANT_POOL_TOO_LARGE,
            -1),
        raw(
            "constant of unknown type",
            encode(new long[] {DROP}, constant(9, 1)),
            RejectReason.BAD_CONSTANT,
            -1),
        raw(
            "17-byte bytes constant",
            encode(new long[] {DROP}, constant(1, new int[17])),
            RejectReason.BAD_CONSTANT,
            -1),
        raw(
            "egress with port 0",
            encode(new long[] {DROP}, patch(egressConstant(), 10, 0, 0)),
            RejectReason.BAD_CONSTANT,
            -1),
        raw(
            "egress VNI over 24 bits",
            encode(new long[] {DROP}, patch(egressConstant(), 2, 1)),
            RejectReason.BAD_CONSTANT,
            -1),
        raw(
            "egress to a multicast MAC",
            encode(new long[] {DROP}, patch(egressConstant(), 12, 1)),
            RejectReason.BAD_CONSTANT,
            -1),
        asm(
            "map4 with host bits",
            ".const m map4 10.0.0.1/24 10.1.0.0/24\ncall drop policy",
            RejectReason.BAD_CONSTANT,
            -1));
  }
}
