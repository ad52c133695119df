package io.vth.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Malformed messages are rejected with their specific reason, by every entry point. */
class DnsMalformedTest {

  private static final int TXT = 16;

  @Test
  void selfPointerIsALoop() {
    byte[] msg = WireBuilder.header(1, 0, 1, 0, 0, 0).pointer(12).questionTail(1).build();

    assertRejected(msg, DnsReason.POINTER_LOOP);
  }

  @Test
  void twoPointerCycleIsALoop() {
    // An opaque TXT RDATA at 31 holds a pointer to the next owner name (33), which points back
    // to 31: reading that name would go 33 -> 31 -> 33 -> ...
    WireBuilder w = WireBuilder.header(1, 0, 1, 2, 0, 0).name("a").questionTail(1);
    w.pointer(12).recordTail(TXT, 1, 60, new byte[] {(byte) 0xc0, 33});
    assertThat(w.position()).isEqualTo(33);
    byte[] msg = w.pointer(31).recordTail(1, 1, 60, new byte[4]).build();

    assertRejected(msg, DnsReason.POINTER_LOOP);
  }

  @Test
  void cycleEnteredThroughAForwardPointerIsRejectedAsForward() {
    // 12 -> 14 and 14 -> 12: the first hop already goes forward.
    byte[] msg = WireBuilder.header(1, 0, 1, 0, 0, 0).pointer(14).pointer(12).u16(1).build();

    assertRejected(msg, DnsReason.FORWARD_POINTER);
  }

  @Test
  void forwardPointerToAValidNameIsRejected() {
    WireBuilder w = WireBuilder.header(1, 0, 2, 0, 0, 0).pointer(18).questionTail(1);
    byte[] msg = w.name("example.com").questionTail(1).build();

    assertRejected(msg, DnsReason.FORWARD_POINTER);
  }

  @Test
  void pointerForwardWithinAnEarlierRunIsRejectedEvenWithoutALoop() {
    // The owner at 32 points to "a" at 25, whose pointer at 27 aims forward at "b" (29): every
    // target is before 32, but 27 -> 29 goes forward, which RFC 9267 readers refuse.
    WireBuilder w = WireBuilder.header(1, 0, 0, 2, 0, 0).name("c");
    w.recordTail(TXT, 1, 60, new byte[] {1, 'a', (byte) 0xc0, 29, 1, 'b', 0});
    assertThat(w.position()).isEqualTo(32);
    byte[] msg = w.pointer(25).recordTail(1, 1, 60, new byte[4]).build();

    assertRejected(msg, DnsReason.FORWARD_POINTER);
  }

  @Test
  void pointerIntoTheHeaderIsRejected() {
    byte[] msg = WireBuilder.header(1, 0, 1, 0, 0, 0).pointer(5).questionTail(1).build();

    assertRejected(msg, DnsReason.POINTER_INTO_HEADER);
  }

  @Test
  void pointerPastTheEndIsRejected() {
    byte[] msg = WireBuilder.header(1, 0, 1, 0, 0, 0).pointer(0x3fff).questionTail(1).build();

    assertRejected(msg, DnsReason.POINTER_PAST_END);
  }

  @Test
  void pointerCutInHalfIsRejected() {
    byte[] msg = WireBuilder.header(1, 0, 1, 0, 0, 0).name("abc").build();
    msg[msg.length - 1] = (byte) 0xc0;

    assertRejected(msg, DnsReason.NAME_PAST_END);
  }

  @Test
  void labelsLongerThan63AreRejected() {
    byte[] label63 = WireBuilder.header(1, 0, 1, 0, 0, 0).label(63).u8(0).questionTail(1).build();
    byte[] label64 = WireBuilder.header(1, 0, 1, 0, 0, 0).label(64).u8(0).questionTail(1).build();

    assertThat(new DnsReader().reset(label63, 0, label63.length)).isZero();
    assertThat(DnsMessage.parse(label63, 0, label63.length).isOk()).isTrue();
    assertRejected(label64, DnsReason.LABEL_TOO_LONG);
  }

  @Test
  void reservedLabelTypeIsRejected() {
    byte[] msg = WireBuilder.header(1, 0, 1, 0, 0, 0).u8(0x80, 0, 0).questionTail(1).build();

    assertRejected(msg, DnsReason.RESERVED_LABEL_TYPE);
  }

  @Test
  void namesOver255OctetsAreRejected() {
    // 3 labels of 63 plus one of 61 and the root make exactly 255 octets.
    byte[] exact = longName(61);
    byte[] over = longName(62);

    assertThat(DnsMessage.parse(exact, 0, exact.length).isOk()).isTrue();
    assertRejected(over, DnsReason.NAME_TOO_LONG);
  }

  private static byte[] longName(int lastLabel) {
    return WireBuilder.header(1, 0, 1, 0, 0, 0)
        .label(63)
        .label(63)
        .label(63)
        .label(lastLabel)
        .u8(0)
        .questionTail(1)
        .build();
  }

  @Test
  void namesOver255OctetsThroughCompressionAreRejected() {
    // The first name is 193 octets; a 62-octet label in front of a pointer to it makes 256.
    WireBuilder ok = WireBuilder.header(1, 0, 2, 0, 0, 0);
    ok.label(63).label(63).label(63).u8(0).questionTail(1).label(61).pointer(12).questionTail(1);
    WireBuilder bad = WireBuilder.header(1, 0, 2, 0, 0, 0);
    bad.label(63).label(63).label(63).u8(0).questionTail(1).label(62).pointer(12).questionTail(1);

    byte[] okMsg = ok.build();
    assertThat(DnsMessage.parse(okMsg, 0, okMsg.length).isOk()).isTrue();
    assertRejected(bad.build(), DnsReason.NAME_TOO_LONG);
  }

  @Test
  void pointerChainsLongerThanAnyLegalNameAreRejected() {
    byte[] legal = pointerChain(DnsNames.MAX_POINTERS - 1);
    assertThat(DnsMessage.parse(legal, 0, legal.length).isOk()).isTrue();
    assertRejected(pointerChain(DnsNames.MAX_POINTERS), DnsReason.TOO_MANY_POINTERS);
  }

  /** An owner name reached through {@code links} pointers, plus the final one in the name. */
  private static byte[] pointerChain(int links) {
    WireBuilder w = WireBuilder.header(1, 0, 0, 2, 0, 0);
    byte[] rdata = new byte[1 + 2 * links];
    int base = DnsHeader.LENGTH + 11;
    for (int i = 0; i < links; i++) {
      int target = base + (i == 0 ? 0 : 1 + 2 * (i - 1));
      rdata[1 + 2 * i] = (byte) (0xc0 | target >>> 8);
      rdata[2 + 2 * i] = (byte) target;
    }
    w.u8(0).recordTail(TXT, 1, 60, rdata);
    return w.pointer(base + 1 + 2 * (links - 1)).recordTail(1, 1, 60, new byte[4]).build();
  }

  @Test
  void countsLargerThanTheMessageAreRejected() {
    byte[] hugeCount = WireBuilder.header(1, 0, 0xffff, 0, 0, 0).name("a").questionTail(1).build();
    WireBuilder w = WireBuilder.header(1, 0, 0, 2, 0, 0).name("a");
    byte[] missingRecord = w.recordTail(TXT, 1, 60, new byte[40]).build();

    assertRejected(hugeCount, DnsReason.COUNT_EXCEEDS_MESSAGE);
    assertRejected(missingRecord, DnsReason.COUNT_EXCEEDS_MESSAGE);
  }

  @Test
  void rdlengthPastTheEndIsRejected() {
    byte[] msg =
        WireBuilder.header(1, 0, 0, 1, 0, 0).name("a").u16(1).u16(1).u32(60).u16(5).u32(0).build();

    assertRejected(msg, DnsReason.RDATA_PAST_END);
  }

  @Test
  void cutFixedFieldsAreRejected() {
    byte[] question = WireBuilder.header(1, 0, 1, 0, 0, 0).name("a").u16(1).u8(0).build();
    byte[] record =
        WireBuilder.header(1, 0, 0, 1, 0, 0).name("abcdefghij").u16(1).u16(1).u32(9).build();

    assertRejected(question, DnsReason.QUESTION_TRUNCATED);
    assertRejected(record, DnsReason.RECORD_TRUNCATED);
  }

  @Test
  void shortHeadersAndBadBoundsAreRejected() {
    byte[] msg = WireBuilder.header(1, 0, 0, 0, 0, 0).build();

    assertThat(new DnsReader().reset(msg, 0, 11)).isEqualTo(DnsReason.HEADER_TRUNCATED.code());
    assertThat(new DnsReader().reset(msg, 1, 12)).isEqualTo(DnsReason.BAD_BOUNDS.code());
    assertThat(new DnsReader().reset(msg, -1, 5)).isEqualTo(DnsReason.BAD_BOUNDS.code());
    assertThat(new DnsReader().reset(null, 0, 0)).isEqualTo(DnsReason.BAD_BOUNDS.code());
    assertThat(DnsRewriter.rewriteAnswers(msg, 0, 13, null, 0))
        .isEqualTo(DnsReason.BAD_BOUNDS.code());
    assertThat(new DnsReader().reset(msg, 0, 12)).isZero();
  }

  @Test
  void nameInsideCnameRdataMustEndInsideIt() {
    // RDLENGTH 1 but the CNAME target "a" needs 3 octets.
    WireBuilder w = WireBuilder.header(1, 0, 0, 1, 0, 0).name("a");
    byte[] msg = w.u16(5).u16(1).u32(60).u16(1).name("a").build();

    assertThat(new DnsReader().reset(msg, 0, msg.length)).isZero();
    assertThat(DnsMessage.parse(msg, 0, msg.length).reason()).isEqualTo(DnsReason.RDATA_MALFORMED);
  }

  @Test
  void worstCaseMessageIsReadInBoundedTime() {
    // 64 KiB of records whose names each run through a 126-link pointer chain: the most work
    // per octet a valid message can ask for.
    byte[] chain = pointerChain(DnsNames.MAX_POINTERS - 1);
    int last = DnsHeader.u16(chain, chain.length - 16) & 0x3fff;
    int records = (65535 - chain.length) / 12;
    WireBuilder w = WireBuilder.header(1, 0, 0, 2, 0, records);
    w.bytes(java.util.Arrays.copyOfRange(chain, DnsHeader.LENGTH, chain.length));
    for (int i = 0; i < records; i++) {
      w.pointer(last).recordTail(1, 1, 60, new byte[0]);
    }
    byte[] msg = w.build();

    Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (int i = 0; i < 5; i++) {
            DnsReader reader = new DnsReader();
            assertThat(reader.reset(msg, 0, msg.length)).isZero();
            assertThat(reader.validateAll()).isEqualTo(msg.length);
            assertThat(DnsRewriter.rewriteAnswers(msg, 0, msg.length, null, 5)).isZero();
          }
        });
  }

  static void assertRejected(byte[] msg, DnsReason reason) {
    byte[] before = msg.clone();
    DnsReader reader = new DnsReader();
    int status = reader.reset(msg, 0, msg.length);
    if (status == 0) {
      status = reader.validateAll();
    }
    assertThat(status).as("reader").isEqualTo(reason.code());
    assertThat(DnsReason.fromCode(status)).isEqualTo(reason);
    assertThat(DnsRewriter.rewriteAnswers(msg, 0, msg.length, (b, o, l) -> true, 0))
        .as("rewriter")
        .isEqualTo(reason.code());
    assertThat(msg).isEqualTo(before);
    assertThat(DnsMessage.parse(msg, 0, msg.length).reason()).as("parse").isEqualTo(reason);
    assertThat(new DnsQuestionKey().extract(msg, 0, msg.length)).isEqualTo(reason.code());
  }
}
