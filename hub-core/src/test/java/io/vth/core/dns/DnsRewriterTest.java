package io.vth.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** The in-place rewriter changes exactly the A/AAAA answers, caps answer TTLs, and nothing else. */
class DnsRewriterTest {

  @Provide
  Arbitrary<Message> messages() {
    return DnsjavaMessages.messages();
  }

  @Provide
  Arbitrary<Integer> maxTtls() {
    return Arbitraries.oneOf(Arbitraries.of(-1, 0), Arbitraries.integers().between(0, 1 << 20));
  }

  @Property(tries = 200)
  void rewritesExactlyTheAddressAnswersAndCapsTheirTtl(
      @ForAll("messages") Message m, @ForAll("maxTtls") int maxTtl) throws Exception {
    byte[] wire = m.toWire();
    byte[] original = wire.clone();
    List<Record> expectedAnswers = new ArrayList<>();
    int expectedCount = 0;
    for (Record r : m.getSection(Section.ANSWER)) {
      Record mapped = expectedAfterRewrite(r);
      expectedCount += mapped == r ? 0 : 1;
      expectedAnswers.add(mapped);
    }

    int count = DnsRewriter.rewriteAnswers(wire, 0, wire.length, new SubnetRewriter(), maxTtl);

    assertThat(count).isEqualTo(expectedCount);
    Message after = new Message(wire);
    List<Record> answers = after.getSection(Section.ANSWER);
    assertThat(answers).isEqualTo(expectedAnswers);
    for (int i = 0; i < answers.size(); i++) {
      long ttl = m.getSection(Section.ANSWER).get(i).getTTL();
      assertThat(answers.get(i).getTTL()).isEqualTo(maxTtl >= 0 ? Math.min(ttl, maxTtl) : ttl);
    }
    int[] range = answerSection(original);
    assertThat(java.util.Arrays.copyOfRange(wire, 0, range[0]))
        .isEqualTo(java.util.Arrays.copyOfRange(original, 0, range[0]));
    assertThat(java.util.Arrays.copyOfRange(wire, range[1], wire.length))
        .as("authority and additional sections")
        .isEqualTo(java.util.Arrays.copyOfRange(original, range[1], original.length));
  }

  private static Record expectedAfterRewrite(Record r) {
    if (r.getDClass() != DClass.IN) {
      return r;
    }
    if (r instanceof ARecord a && SubnetRewriter.inV4Source(a.getAddress().getAddress(), 0)) {
      return new ARecord(r.getName(), r.getDClass(), r.getTTL(), mapped(a.getAddress()));
    }
    if (r instanceof AAAARecord a && SubnetRewriter.inV6Source(a.getAddress().getAddress(), 0)) {
      return new AAAARecord(r.getName(), r.getDClass(), r.getTTL(), mapped(a.getAddress()));
    }
    return r;
  }

  private static InetAddress mapped(InetAddress address) {
    try {
      return InetAddress.getByAddress(SubnetRewriter.mapped(address.getAddress()));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Offsets of the first octet of the answer section and of the authority section. */
  private static int[] answerSection(byte[] wire) {
    DnsReader reader = new DnsReader();
    reader.reset(wire, 0, wire.length);
    int start = -1;
    int end = -1;
    int position = DnsHeader.LENGTH;
    while (reader.next() == 1) {
      if (reader.section() == DnsReader.ANSWER && start < 0) {
        start = reader.nameOffset();
      }
      if (reader.section() > DnsReader.ANSWER && end < 0) {
        end = reader.nameOffset();
      }
      position = reader.rdataOffset() + reader.rdLength();
    }
    start = start < 0 ? position : start;
    return new int[] {start, end < 0 ? position : end};
  }

  @Test
  void skipsRecordsOfOtherClassesAndWrongLengths() {
    byte[] v4 = {(byte) 192, (byte) 168, 1, 9};
    WireBuilder w = WireBuilder.header(7, 0x8180, 1, 5, 0, 0).name("db.svc").questionTail(1);
    w.pointer(12).recordTail(1, 3, 60, v4); // class CH
    w.pointer(12).recordTail(1, 1, 60, new byte[] {(byte) 192, (byte) 168, 1, 9, 0}); // 5 octets
    w.pointer(12).recordTail(28, 1, 60, v4); // AAAA of 4 octets
    w.pointer(12).recordTail(16, 1, 60, v4); // TXT
    byte[] msg = w.pointer(12).recordTail(1, 1, 60, v4).build();
    byte[] expected = msg.clone();
    expected[expected.length - 4] = 100;
    expected[expected.length - 3] = 64;
    expected[expected.length - 2] = 7;
    SubnetRewriter rewriter = new SubnetRewriter();

    int count = DnsRewriter.rewriteAnswers(msg, 0, msg.length, rewriter, -1);

    assertThat(count).isEqualTo(1);
    assertThat(rewriter.calls).isEqualTo(1);
    assertThat(msg).isEqualTo(expected);
  }

  /**
   * A name whose compression pointer aims into an earlier answer's TTL or address would change if
   * the hub rewrote those octets: the message is refused and left as it was (found by Jazzer).
   */
  @Test
  void aNameThatReadsRewrittenOctetsIsRefusedAndTheMessageLeftAlone() {
    // The first answer's address 1.97.0.9 reads, as a name, "a." (length 1, 'a', root).
    byte[] v4 = {1, 97, 0, 9};
    WireBuilder w = WireBuilder.header(7, 0x8180, 1, 2, 0, 0).name("db.svc").questionTail(1);
    w.pointer(12).recordTail(1, 1, 60, v4); // A at 24: name 24-25, TTL 30-33, address 36-39
    byte[] msg = w.pointer(36).recordTail(1, 1, 60, v4).build(); // name read from the address
    assertThat(DnsMessage.parse(msg, 0, msg.length).isOk()).as("the parser takes it").isTrue();
    byte[] before = msg.clone();

    int status = DnsRewriter.rewriteAnswers(msg, 0, msg.length, new SubnetRewriter(), 30);

    assertThat(status).isEqualTo(DnsReason.NAME_READS_REWRITTEN_DATA.code());
    assertThat(msg).isEqualTo(before);

    byte[] found =
        java.util.HexFormat.of()
            .parseHex(
                "1267008000010002000000000361706f12678180000800060000000002000000080070000072"
                    + "000101c00c00000000000000000000000000007a67818072700000010001c00c00010000"
                    + "0170000072000101c03f00000000000a00040000");
    byte[] foundBefore = found.clone();
    assertThat(DnsRewriter.rewriteAnswers(found, 0, found.length, null, 30)).isNegative();
    assertThat(found).isEqualTo(foundBefore);
  }

  /** A CNAME chain (an owner name compressed into the previous answer's RDATA) is rewritten. */
  @Test
  void aNameCompressedIntoAnEarlierNameInRdataIsRewritten() {
    byte[] v4 = {(byte) 192, (byte) 168, 1, 9};
    WireBuilder w = WireBuilder.header(7, 0x8180, 1, 2, 0, 0).name("db.svc").questionTail(1);
    // CNAME at 24: owner 24-25, fixed 26-35, RDATA at 36: "cdn" + pointer to "svc" (15)
    w.pointer(12).recordTail(5, 1, 60, new byte[] {3, 'c', 'd', 'n', (byte) 0xc0, 15});
    byte[] msg = w.pointer(36).recordTail(1, 1, 60, v4).build();

    assertThat(DnsRewriter.rewriteAnswers(msg, 0, msg.length, new SubnetRewriter(), 30))
        .isEqualTo(1);
    assertThat(DnsMessage.parse(msg, 0, msg.length).isOk()).isTrue();
  }

  @Test
  void neverTouchesAuthorityOrAdditional() {
    byte[] v4 = {(byte) 192, (byte) 168, 1, 9};
    WireBuilder w = WireBuilder.header(7, 0x8180, 1, 0, 1, 1).name("db.svc").questionTail(1);
    w.pointer(12).recordTail(1, 1, 99_999, v4);
    byte[] msg = w.pointer(12).recordTail(1, 1, 99_999, v4).build();
    byte[] before = msg.clone();

    assertThat(DnsRewriter.rewriteAnswers(msg, 0, msg.length, new SubnetRewriter(), 5)).isZero();
    assertThat(msg).isEqualTo(before);
  }

  @Test
  void capsTtlsAsUnsignedAndOnlyWhenAsked() {
    WireBuilder w = WireBuilder.header(7, 0x8180, 0, 2, 0, 0);
    w.name("a").recordTail(1, 1, 0xffffffffL, new byte[4]);
    byte[] msg = w.name("b").recordTail(1, 1, 30, new byte[4]).build();
    byte[] untouched = msg.clone();
    byte[] original = msg.clone();

    assertThat(DnsRewriter.rewriteAnswers(untouched, 0, untouched.length, null, -1)).isZero();
    assertThat(DnsRewriter.rewriteAnswers(msg, 0, msg.length, null, 60)).isZero();

    assertThat(untouched).isEqualTo(original);
    DnsReader reader = new DnsReader();
    reader.reset(msg, 0, msg.length);
    reader.next();
    assertThat(reader.ttl()).isEqualTo(60);
    reader.next();
    assertThat(reader.ttl()).isEqualTo(30);
    reader.reset(untouched, 0, untouched.length);
    reader.next();
    assertThat(reader.ttl()).isEqualTo(0xffffffffL);
  }

  @Test
  void countsOnlyAddressesTheMappingChanged() {
    WireBuilder w = WireBuilder.header(7, 0x8180, 0, 3, 0, 0);
    w.name("a").recordTail(1, 1, 30, new byte[] {10, 0, 0, 1});
    w.name("b").recordTail(28, 1, 30, ipv6(0xfd, 0, 0, 1));
    byte[] msg = w.name("c").recordTail(28, 1, 30, ipv6(0xfd, 0, 0, 2)).build();
    SubnetRewriter rewriter = new SubnetRewriter();

    assertThat(DnsRewriter.rewriteAnswers(msg, 0, msg.length, rewriter, -1)).isEqualTo(1);
    assertThat(rewriter.calls).isEqualTo(3);
  }

  private static byte[] ipv6(int... prefix) {
    byte[] b = new byte[16];
    for (int i = 0; i < prefix.length; i++) {
      b[i] = (byte) prefix[i];
    }
    b[15] = 1;
    return b;
  }

  @Test
  void doesNotAllocate() throws Exception {
    var threads = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
    var counter = (com.sun.management.ThreadMXBean) threads;
    byte[] msg = typicalResponse();
    byte[] work = msg.clone();
    SubnetRewriter rewriter = new SubnetRewriter();
    DnsReader reader = new DnsReader();
    DnsQuestionKey key = new DnsQuestionKey();
    long sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += exercise(msg, work, rewriter, reader, key);
    }

    long before = counter.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 20_000; i++) {
      sink += exercise(msg, work, rewriter, reader, key);
    }
    long allocated = counter.getCurrentThreadAllocatedBytes() - before;

    assertThat(sink).isNotZero();
    assertThat(allocated).as("bytes allocated by 20000 rounds").isLessThan(1024);
  }

  private static byte[] typicalResponse() throws Exception {
    org.xbill.DNS.Name name = org.xbill.DNS.Name.fromString("db.prod.svc.cluster.local.");
    Message m = Message.newQuery(Record.newRecord(name, org.xbill.DNS.Type.A, DClass.IN));
    m.getHeader().setFlag(org.xbill.DNS.Flags.QR);
    for (int i = 1; i <= 3; i++) {
      InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 1, 1});
      m.addRecord(new ARecord(name, DClass.IN, 300, address), Section.ANSWER);
    }
    m.addRecord(new AAAARecord(name, DClass.IN, 300, InetAddress.getByName("fd00:1::5")), 1);
    return m.toWire();
  }

  private static long exercise(
      byte[] msg, byte[] work, SubnetRewriter rewriter, DnsReader reader, DnsQuestionKey key) {
    System.arraycopy(msg, 0, work, 0, msg.length);
    long r = DnsRewriter.rewriteAnswers(work, 0, work.length, rewriter, 30);
    reader.reset(work, 0, work.length);
    r += reader.validateAll();
    r += key.extract(work, 0, work.length);
    return r + 1;
  }
}
