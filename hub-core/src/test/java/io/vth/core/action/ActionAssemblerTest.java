package io.vth.core.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Assembly syntax: every operand form, the round trip through the disassembler, and errors. */
class ActionAssemblerTest {

  private static final String EVERY_FORM =
      """
      .const out egress vni=16777215 remote=192.0.2.1 port=8472 mac=02:00:5e:00:53:ff
      .const a6 ipv6 2001:db8::1
      .const a4 ipv4 100.64.0.1
      .const m mac 02:00:00:00:00:02
      .const raw bytes 0a0b0c
      .const m4 map4 192.168.0.0/16 100.64.0.0/16
      .const m6 map6 fd00::/48 2001:db8:1::/48
      start:  require 60, short   ; comment
              ldi r0, 0
              ldhi r0, 0xffffffff
              mov r1, r0
              add r1, r0
              add r1, 7
              sub r1, r0
              and r1, 0xff
              or r1, r0
              xor r1, 1
              lsh r1, 3
              rsh r1, r0
              arsh r1, 63
              ldb r2, [0]
              ldh r3, [2]
              ldw r4, [r2 + 4]
              ldd r5, [r3]
              stb [1], r2
              sth [r2 + 2], r3
              stw [12], r4
              std [r3 + 0], r5
              copy [24], a6
              copy [r2 + 8], a4
              jeq r1, r2, next
              jset r1, 0x80, next
      next:   jsle r1, 5, last
              ja last
      last:   call csum_fix [10], r2, r3, 16
              call csum_fix [r4 + 6], r2, r3, 64, udp
              call dns_rewrite r4, m4, m6, 300
              call dns_rewrite r4, none, m6, 0
              call set_egress out
              call emit
      short:  call drop no_route
      """;

  @Test
  void everyOperandFormSurvivesTheRoundTrip() {
    ActionProgram program = ActionAssembler.assemble(EVERY_FORM);

    String text = program.disassemble();

    assertThat(ActionAssembler.assemble(text)).isEqualTo(program);
    assertThat(text)
        .contains(".const c0 egress vni=16777215 remote=192.0.2.1 port=8472 mac=02:00:5e:00:53:ff")
        .contains(".const c1 ipv6 2001:db8::1")
        .contains(".const c4 bytes 0a0b0c")
        .contains(".const c6 map6 fd00::/48 2001:db8:1::/48")
        .contains("ldw r4, [r2 + 4]")
        .contains("call csum_fix [r4 + 6], r2, r3, 64, udp")
        .contains("call dns_rewrite r4, none, c6, 0");
  }

  @Test
  void encodesTheDocumentedBytes() {
    ActionProgram program =
        ActionAssembler.assemble(
            "require 40, x\nldi r2, 20\nldw r4, [r2 + 12]\nx: call drop policy");

    assertThat(HexFormat.of().formatHex(program.encode()))
        .isEqualTo(
            "5641010000040000"
                + "7000000200000028"
                + "0120000000000014"
                + "3642000c00000000"
                + "8000000000000a04");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "::|00000000000000000000000000000000",
        "::1|00000000000000000000000000000001",
        "2001:db8::|20010db8000000000000000000000000",
        "::ffff:192.0.2.1|00000000000000000000ffffc0000201",
        "1:2:3:4:5:6:7:8|00010002000300040005000600070008",
        "fe80::1:2|fe800000000000000000000000010002"
      })
  void parsesIpv6Literals(String literal, String hex) {
    assertThat(HexFormat.of().formatHex(AssemblySyntax.ipv6(literal))).isEqualTo(hex);
  }

  @ParameterizedTest
  @CsvSource({
    "::",
    "::1",
    "1::",
    "2001:db8::1",
    "2001:db8:0:1:1:1:1:1",
    "2001:0:0:1::1",
    "1:2:3:4:5:6:7:8",
    "fe80::ffff:0:0:1"
  })
  void printsIpv6InCanonicalFormThatParsesBack(String canonical) {
    byte[] address = AssemblySyntax.ipv6(canonical);

    assertThat(AssemblySyntax.formatIpv6(address, 0)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "12345::",
        ":1",
        "1:2:3:4:5:6:7",
        "example.com",
        "1:2:3:4:5:6:7::8"
      })
  void rejectsBadIpv6Literals(String literal) {
    assertThatThrownBy(() -> AssemblySyntax.ipv6(literal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(literal);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ldi r9, 1|line 2: no register 'r9' (there are r0..r7) in 'ldi r9, 1'",
        "frob r1|line 2: unknown mnemonic 'frob'",
        "ldi r1|line 2: 'ldi' takes 2 operands, got 1",
        "mov r1, 5|line 2: mov takes a register; load the number '5' with ldi",
        "ldw r1, [r1 - 4]|line 2: expected a packet operand [offset] or [rN + offset], got '[r1 - 4]'",
        "ldw r1, [70000]|line 2: number '70000' out of range 0..65535",
        "ja nowhere|line 2: unknown label 'nowhere'",
        "call frob|line 2: unknown helper 'frob'",
        "call drop lost|line 2: unknown drop reason 'lost'",
        "call set_egress nope|line 2: unknown constant 'nope'",
        "call csum_fix [10], r1, r1, 24|line 2: checksum change width '24' is not 16, 32 or 64",
        ".const x map4 10.0.0.0/8 11.0.0.0/16|line 2: 1:1 translation needs equal prefix lengths",
        ".const x egress vni=1 remote=10.0.0.1 port=1|line 2: 'egress' takes 4 arguments, got 3",
        ".const x ipv4 10.0.0.256|line 2: bad IPv4 address '10.0.0.256'",
        ".const x colour red|line 2: unknown constant kind 'colour'"
      })
  void syntaxErrorsNameTheLineAndQuoteTheInput(String line, String message) {
    assertThatThrownBy(
            () -> ActionAssembler.assemble("; first line\n" + line + "\ncall drop policy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void duplicateLabelsAndConstantsAreErrors() {
    assertThatThrownBy(() -> ActionAssembler.assemble("x: ldi r1, 1\nx: call drop policy"))
        .hasMessageContaining("line 2: label 'x' defined twice");
    assertThatThrownBy(
            () ->
                ActionAssembler.assemble(
                    ".const a ipv4 1.2.3.4\n.const a ipv4 1.2.3.5\ncall drop policy"))
        .hasMessageContaining("line 2: constant 'a' defined twice");
  }
}
