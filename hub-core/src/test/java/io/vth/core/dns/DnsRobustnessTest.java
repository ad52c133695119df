package io.vth.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.xbill.DNS.Message;

/** Cut, damaged and random input never throws, and every entry point reaches the same verdict. */
class DnsRobustnessTest {

  @Provide
  Arbitrary<Message> messages() {
    return DnsjavaMessages.messages();
  }

  @Property(tries = 30)
  void everyProperPrefixIsRejectedWithoutThrowing(@ForAll("messages") Message m) {
    byte[] wire = m.toWire();
    for (int length = 0; length < wire.length; length++) {
      // An exact-size copy: any read past the prefix would throw rather than pass unnoticed.
      byte[] prefix = Arrays.copyOf(wire, length);

      int status = validate(prefix, 0, length);

      assertThat(status).as("prefix of %d octets", length).isNegative();
      assertAllAgree(prefix, 0, length, status);
    }
  }

  @Property(tries = 300)
  void damagedMessagesNeverThrowAndAllEntryPointsAgree(
      @ForAll("messages") Message m,
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 100_000) Integer> positions,
      @ForAll @Size(min = 6, max = 6) List<Byte> values) {
    byte[] wire = m.toWire();
    for (int i = 0; i < positions.size(); i++) {
      wire[positions.get(i) % wire.length] = values.get(i);
    }

    assertAllAgree(wire, 0, wire.length, validate(wire, 0, wire.length));
  }

  @Property(tries = 300)
  void randomOctetsNeverThrow(@ForAll @Size(max = 600) byte[] junk) {
    assertAllAgree(junk, 0, junk.length, validate(junk, 0, junk.length));
  }

  @Property(tries = 200)
  void messagesAreReadAtAnyOffsetInALargerBuffer(
      @ForAll("messages") Message m,
      @ForAll @IntRange(max = 40) int before,
      @ForAll @IntRange(max = 40) int after) {
    byte[] wire = m.toWire();
    byte[] framed = new byte[before + wire.length + after];
    Arrays.fill(framed, (byte) 0xc0);
    System.arraycopy(wire, 0, framed, before, wire.length);

    assertThat(validate(framed, before, wire.length)).isEqualTo(wire.length + before);
    assertThat(DnsMessage.parse(framed, before, wire.length).orElseThrow())
        .isEqualTo(DnsMessage.parse(wire, 0, wire.length).orElseThrow());
  }

  @Property(tries = 100)
  void anyPrefixOfRandomJunkWithAValidHeaderIsHandled(
      @ForAll @Size(min = 12, max = 300) byte[] junk, @ForAll @IntRange(max = 3) int count) {
    junk[4] = 0;
    junk[5] = (byte) count;
    junk[6] = 0;
    junk[7] = (byte) count;
    for (int length = 0; length <= junk.length; length++) {
      assertAllAgree(junk, 0, length, validate(junk, 0, length));
    }
  }

  /** The reader's verdict: end offset, or a negative reason code. */
  private static int validate(byte[] msg, int off, int len) {
    DnsReader reader = new DnsReader();
    int status = reader.reset(msg, off, len);
    return status < 0 ? status : reader.validateAll();
  }

  private static void assertAllAgree(byte[] msg, int off, int len, int readerStatus) {
    byte[] before = msg.clone();
    int expected = readerStatus < 0 ? readerStatus : 0;
    assertThat(DnsValidator.validate(msg, off, len)).isEqualTo(expected);

    int rewritten = DnsRewriter.rewriteAnswers(msg, off, len, (b, o, l) -> true, 60);
    if (readerStatus < 0) {
      assertThat(rewritten).isEqualTo(readerStatus);
      assertThat(msg).isEqualTo(before);
    } else if (rewritten == DnsReason.NAME_READS_REWRITTEN_DATA.code()) {
      // Well formed, but a name reads octets the rewrite would change: refused, left unchanged.
      assertThat(msg).isEqualTo(before);
    } else {
      assertThat(rewritten).isNotNegative();
      System.arraycopy(before, 0, msg, 0, msg.length);
    }

    DnsParseResult parsed = DnsMessage.parse(msg, off, len);
    if (readerStatus < 0) {
      assertThat(parsed.reason()).isEqualTo(DnsReason.fromCode(readerStatus));
    } else if (!parsed.isOk()) {
      assertThat(parsed.reason()).isEqualTo(DnsReason.RDATA_MALFORMED);
    }

    int keyStatus = new DnsQuestionKey().extract(msg, off, len);
    if (readerStatus < 0) {
      assertThat(keyStatus).isEqualTo(readerStatus);
    }
  }
}
