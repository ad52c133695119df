package io.vth.core.action;

import static io.vth.core.action.RawProgram.call;
import static io.vth.core.action.RawProgram.drop;
import static io.vth.core.action.RawProgram.egressConstant;
import static io.vth.core.action.RawProgram.encode;
import static io.vth.core.action.RawProgram.word;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Malformed programs, each with the reason and instruction index the verifier must report. */
final class MalformedPrograms {

  private static final String EGRESS =
      ".const e egress vni=1 remote=10.0.0.1 port=4789 mac=02:00:00:00:00:01\n";
  private static final long DROP = drop(DropReason.POLICY);
  private static final long LDI_R1 = word(Opcode.LDI.code(), 1, 0, 0, 7);

  private MalformedPrograms() {}

  /** Every malformed program: bad encodings first, then bad instructions. */
  static Stream<Arguments> catalogue() {
    return Stream.concat(MalformedEncodings.catalogue(), instructions());
  }

  private static Stream<Arguments> instructions() {
    return Stream.of(
        raw(
            "opcode 0x00",
            encode(new long[] {word(0, 0, 0, 0, 0), DROP}),
            RejectReason.UNKNOWN_OPCODE,
            0),
        raw(
            "opcode 0xff",
            encode(new long[] {LDI_R1, word(0xff, 0, 0, 0, 0), DROP}),
            RejectReason.UNKNOWN_OPCODE,
            1),
        raw(
            "register r8",
            encode(new long[] {word(Opcode.LDI.code(), 8, 0, 0, 1), DROP}),
            RejectReason.BAD_REGISTER,
            0),
        raw(
            "ldi with a src register",
            encode(new long[] {word(Opcode.LDI.code(), 1, 2, 0, 1), DROP}),
            RejectReason.RESERVED_BITS_SET,
            0),
        raw(
            "require with a register",
            encode(new long[] {word(Opcode.REQUIRE.code(), 3, 0, 0, 20), DROP}),
            RejectReason.RESERVED_BITS_SET,
            0),
        raw(
            "emit with an offset",
            encode(new long[] {word(0x80, 0, 0, 4, Helper.EMIT.id())}),
            RejectReason.RESERVED_BITS_SET,
            0),
        raw(
            "drop with imm bits 16+",
            encode(new long[] {call(Helper.DROP.id(), 0x107)}),
            RejectReason.RESERVED_BITS_SET,
            0),
        asm(
            "shift by 64",
            "ldi r1, 1\nlsh r1, 64\ncall drop policy",
            RejectReason.BAD_IMMEDIATE,
            1),
        asm("require 0 bytes", "require 0, x\nx: call drop policy", RejectReason.BAD_IMMEDIATE, 0),
        asm("jump back", "x: ldi r1, 1\nja x\ncall drop policy", RejectReason.BACKWARD_JUMP, 1),
        raw(
            "jump to itself",
            encode(new long[] {word(Opcode.JA.code(), 0, 0, -1, 0), DROP}),
            RejectReason.BACKWARD_JUMP,
            0),
        asm(
            "jump exactly past the end",
            "ja end\ncall drop policy\nend:",
            RejectReason.JUMP_OUT_OF_RANGE,
            0),
        raw(
            "jump far past the end",
            encode(new long[] {word(Opcode.JA.code(), 0, 0, 100, 0), DROP}),
            RejectReason.JUMP_OUT_OF_RANGE,
            0),
        asm("no emit or drop at the end", "ldi r1, 1", RejectReason.FALLS_OFF_END, 0),
        asm("conditional jump last", "ldi r1, 1\nx: jeq r1, 0, x", RejectReason.BACKWARD_JUMP, 1),
        asm(
            "branch that falls off",
            "ldi r1, 1\njeq r1, 1, x\ncall drop policy\nx: add r1, 1",
            RejectReason.FALLS_OFF_END,
            3),
        asm(
            "dead code after drop",
            "call drop policy\nldi r1, 1\ncall drop policy",
            RejectReason.UNREACHABLE_INSTRUCTION,
            1),
        asm(
            "read before any write",
            "add r1, 1\ncall drop policy",
            RejectReason.UNINITIALIZED_REGISTER,
            0),
        asm(
            "written on one path only",
            "require 20, x\nldi r2, 1\nx: mov r3, r2\ncall drop policy",
            RejectReason.UNINITIALIZED_REGISTER,
            2),
        asm(
            "r0 before dns_rewrite",
            "jslt r0, 0, x\nx: call drop policy",
            RejectReason.UNINITIALIZED_REGISTER,
            0),
        asm(
            "load without require",
            "ldw r1, [0]\ncall drop policy",
            RejectReason.PACKET_ACCESS_UNPROVEN,
            0),
        asm(
            "load straddling the proven end",
            "require 20, x\nldw r1, [17]\nx: call drop policy",
            RejectReason.PACKET_ACCESS_UNPROVEN,
            1),
        asm(
            "proven on one path only",
            "require 8, x\nldi r1, 0\nx: ldb r1, [0]\ncall drop policy",
            RejectReason.PACKET_ACCESS_UNPROVEN,
            2),
        asm(
            "store without require",
            "ldi r1, 0\nstb [8], r1\ncall drop policy",
            RejectReason.PACKET_ACCESS_UNPROVEN,
            1),
        asm(
            "copy longer than proven",
            ".const a ipv6 2001:db8::1\nrequire 20, x\ncopy [8], a\nx: call drop policy",
            RejectReason.PACKET_ACCESS_UNPROVEN,
            1),
        asm(
            "checksum field unproven",
            "ldi r1, 0\ncall csum_fix [10], r1, r1, 16\ncall drop policy",
            RejectReason.PACKET_ACCESS_UNPROVEN,
            1),
        raw("helper 9", encode(new long[] {call(9, 0)}), RejectReason.UNKNOWN_HELPER, 0),
        raw(
            "set_egress of a missing constant",
            encode(new long[] {call(Helper.SET_EGRESS.id(), 5), DROP}, egressConstant()),
            RejectReason.BAD_CONSTANT_INDEX,
            0),
        asm(
            "set_egress of a mapping",
            ".const m map4 10.0.0.0/8 11.0.0.0/8\ncall set_egress m\ncall emit",
            RejectReason.BAD_CONSTANT_INDEX,
            0),
        asm(
            "copy of an egress",
            EGRESS + "require 40, x\ncopy [0], e\nx: call drop policy",
            RejectReason.BAD_CONSTANT_INDEX,
            1),
        raw(
            "drop reason 0",
            encode(new long[] {call(Helper.DROP.id(), 0)}),
            RejectReason.BAD_DROP_REASON,
            0),
        raw(
            "drop reason 11",
            encode(new long[] {call(Helper.DROP.id(), 11)}),
            RejectReason.BAD_DROP_REASON,
            0),
        raw(
            "checksum width 3",
            encode(new long[] {LDI_R1, call(Helper.CSUM_FIX.id(), 3), DROP}),
            RejectReason.BAD_HELPER_ARGUMENT,
            1),
        asm(
            "dns_rewrite without mappings",
            "ldi r1, 20\ncall dns_rewrite r1, none, none, 0\ncall drop policy",
            RejectReason.BAD_HELPER_ARGUMENT,
            1),
        asm("emit without egress", "call emit", RejectReason.EMIT_WITHOUT_EGRESS, 0),
        asm(
            "egress set on one path only",
            EGRESS + "require 20, x\ncall set_egress e\nx: call emit",
            RejectReason.EMIT_WITHOUT_EGRESS,
            2));
  }

  static Arguments raw(String name, byte[] bytes, RejectReason reason, int index) {
    Supplier<ActionProgram> program = () -> ActionVerifier.verify(bytes);
    return Arguments.of(name, program, reason, index);
  }

  static Arguments asm(String name, String text, RejectReason reason, int index) {
    Supplier<ActionProgram> program = () -> ActionAssembler.assemble(text);
    return Arguments.of(name, program, reason, index);
  }

  static byte[] patch(byte[] bytes, int at, int... values) {
    byte[] out = bytes.clone();
    for (int i = 0; i < values.length; i++) {
      out[at + i] = (byte) values[i];
    }
    return out;
  }

  static byte[] append(byte[] bytes, int value) {
    byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    out[bytes.length] = (byte) value;
    return out;
  }
}
