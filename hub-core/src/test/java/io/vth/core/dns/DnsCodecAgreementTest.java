package io.vth.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** The codec agrees with dnsjava on well-formed messages, in both directions. */
class DnsCodecAgreementTest {

  @Provide
  Arbitrary<Message> messages() {
    return DnsjavaMessages.messages();
  }

  @Property(tries = 300)
  void readerSeesWhatDnsjavaWrote(@ForAll("messages") Message m) {
    byte[] wire = m.toWire();
    DnsReader reader = new DnsReader();

    assertThat(reader.reset(wire, 0, wire.length)).isZero();
    assertThat(reader.id()).isEqualTo(m.getHeader().getID());
    assertThat(DnsHeader.rcode(reader.flags())).isEqualTo(m.getHeader().getRcode());
    assertThat(DnsHeader.opcode(reader.flags())).isEqualTo(m.getHeader().getOpcode());
    assertThat((reader.flags() & DnsHeader.FLAG_QR) != 0).isEqualTo(m.getHeader().getFlag(0));
    for (int section = 0; section < 4; section++) {
      List<Record> expected = m.getSection(section);
      assertThat(reader.count(section)).isEqualTo(expected.size());
      for (Record r : expected) {
        assertThat(reader.next()).isEqualTo(1);
        assertThat(reader.section()).isEqualTo(section);
        assertThat(reader.type()).isEqualTo(r.getType());
        assertThat(reader.dnsClass()).isEqualTo(r.getDClass());
        assertThat(canonicalName(wire, reader.nameOffset()))
            .isEqualTo(r.getName().toWireCanonical());
        if (section != DnsReader.QUESTION) {
          assertThat(reader.ttl()).isEqualTo(r.getTTL());
          if (RdataLayout.of(r.getType()) == null) {
            byte[] rdata = new byte[reader.rdLength()];
            System.arraycopy(wire, reader.rdataOffset(), rdata, 0, rdata.length);
            assertThat(rdata).isEqualTo(DnsjavaMessages.uncompressedRdata(r));
          }
        }
      }
    }
    assertThat(reader.next()).isZero();
    assertThat(reader.validateAll()).isEqualTo(wire.length);
  }

  @Property(tries = 300)
  void objectModelDecodesWhatDnsjavaWrote(@ForAll("messages") Message original) throws Exception {
    byte[] wire = original.toWire();
    // Compression is case-insensitive, so a name may come back in the case of an earlier copy:
    // compare with what dnsjava itself reads from the same octets.
    Message m = new Message(wire);

    DnsParseResult result = DnsMessage.parse(wire, 0, wire.length);

    assertThat(result.isOk()).as("%s", result.reason()).isTrue();
    DnsMessage ours = result.message();
    assertThat(ours).isEqualTo(DnsjavaMessages.toOurs(m));
    assertThat(ours.questions()).hasSize(m.getSection(Section.QUESTION).size());
    for (int i = 0; i < ours.questions().size(); i++) {
      Name expected = m.getSection(Section.QUESTION).get(i).getName();
      assertThat(ours.questions().get(i).name().toWire()).isEqualTo(expected.toWire());
    }
    assertSameRecords(ours.answers(), m.getSection(Section.ANSWER));
    assertSameRecords(ours.authorities(), m.getSection(Section.AUTHORITY));
    assertSameRecords(ours.additionals(), m.getSection(Section.ADDITIONAL));
  }

  @Property(tries = 300)
  void encoderWritesWhatDnsjavaReads(@ForAll("messages") Message m) throws Exception {
    DnsMessage ours = DnsjavaMessages.toOurs(m);

    byte[] wire = ours.encode();
    Message back = new Message(wire);

    assertThat(back.getHeader().toWire()).isEqualTo(m.getHeader().toWire());
    for (int section = 0; section < 4; section++) {
      List<Record> expected = m.getSection(section);
      List<Record> actual = back.getSection(section);
      assertThat(actual).isEqualTo(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i).getTTL()).isEqualTo(expected.get(i).getTTL());
      }
    }
    // Same compression strategy as dnsjava: longest earlier suffix, RFC 1035 types only.
    assertThat(wire).isEqualTo(m.toWire());
  }

  @Property(tries = 200)
  void decodeThenEncodeIsIdentity(@ForAll("messages") Message m) {
    byte[] wire = m.toWire();

    byte[] again = DnsMessage.parse(wire, 0, wire.length).orElseThrow().encode();

    assertThat(again).isEqualTo(wire);
  }

  private static void assertSameRecords(List<DnsRecord> ours, List<Record> theirs) {
    assertThat(ours).hasSize(theirs.size());
    for (int i = 0; i < ours.size(); i++) {
      DnsRecord o = ours.get(i);
      Record t = theirs.get(i);
      assertThat(o.name().toWire()).isEqualTo(t.getName().toWire());
      assertThat(o.type()).isEqualTo(t.getType());
      assertThat(o.dnsClass()).isEqualTo(t.getDClass());
      assertThat(o.ttl()).isEqualTo(t.getTTL());
      assertThat(o.rdata()).isEqualTo(DnsjavaMessages.uncompressedRdata(t));
      assertThat(Record.newRecord(t.getName(), o.type(), o.dnsClass(), o.ttl(), o.rdata()))
          .isEqualTo(t);
    }
  }

  private static byte[] canonicalName(byte[] wire, int pos) {
    byte[] out = new byte[DnsNames.MAX_NAME_LENGTH];
    int length = DnsNames.copyCanonical(wire, 0, wire.length, pos, out, 0);
    assertThat(length).isPositive();
    return java.util.Arrays.copyOf(out, length);
  }
}
