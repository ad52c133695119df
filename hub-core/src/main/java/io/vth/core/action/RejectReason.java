package io.vth.core.action;

/** Why the {@link ActionVerifier} refused a program; each is a distinct, countable cause. */
public enum RejectReason {
  /** Shorter than the header or than the lengths the header announces. */
  TRUNCATED,
  /** The first two bytes are not the magic {@code "VA"}. */
  BAD_MAGIC,
  /** An encoding version this verifier does not know. */
  UNSUPPORTED_VERSION,
  /** Bytes left over after the last constant. */
  TRAILING_BYTES,
  /** No instructions at all. */
  EMPTY_PROGRAM,
  /** More instructions than {@link ActionProgram#MAX_INSTRUCTIONS}. */
  TOO_MANY_INSTRUCTIONS,
  /** More constants or constant bytes than the limits in {@link ConstantPool}. */
  CONSTANT_POOL_TOO_LARGE,
  /** A constant of unknown type, wrong length or invalid content. */
  BAD_CONSTANT,
  /** An opcode byte that names no operation. */
  UNKNOWN_OPCODE,
  /** A register field above r7. */
  BAD_REGISTER,
  /**
   * A field or bit the instruction's format does not use is not zero (header reserved bytes too).
   */
  RESERVED_BITS_SET,
  /** An immediate out of its range (shift count over 63, bounds length 0 or over 65535). */
  BAD_IMMEDIATE,
  /** A jump to itself or an earlier instruction. */
  BACKWARD_JUMP,
  /** A jump to the end of the program or beyond. */
  JUMP_OUT_OF_RANGE,
  /** Execution can run past the last instruction without {@code emit} or {@code drop}. */
  FALLS_OFF_END,
  /** An instruction no path from the start reaches. */
  UNREACHABLE_INSTRUCTION,
  /** A register is read on some path before anything wrote it. */
  UNINITIALIZED_REGISTER,
  /** A constant-offset packet access not covered by a {@code require} on every path. */
  PACKET_ACCESS_UNPROVEN,
  /** A {@code call} of a helper number that does not exist. */
  UNKNOWN_HELPER,
  /** A constant index out of the pool, or naming a constant of the wrong type. */
  BAD_CONSTANT_INDEX,
  /** A {@code drop} whose reason code names no {@link DropReason}. */
  BAD_DROP_REASON,
  /** A helper operand out of range (checksum width, DNS rewrite without any mapping). */
  BAD_HELPER_ARGUMENT,
  /** An {@code emit} reachable on a path that did not {@code set_egress}. */
  EMIT_WITHOUT_EGRESS
}
