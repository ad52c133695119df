package io.vth.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Responses built for Endpoint mode read back correctly in dnsjava. */
class DnsResponsesTest {

  private static final DnsName NAME = DnsName.of("web.team.svc.cluster.local");

  private static DnsMessage query() {
    return DnsMessage.query(4321, DnsQuestion.in(NAME, 1));
  }

  @Test
  void answerCopiesIdAndQuestionAndSetsFlags() throws Exception {
    DnsName alias = DnsName.of("www.example.com");
    DnsRecord cname = DnsRecord.cname(alias, 60, NAME);
    DnsRecord a = DnsRecord.a(NAME, 30, (Inet4Address) InetAddress.getByName("100.64.7.9"));

    byte[] wire = DnsResponses.answer(query(), List.of(cname, a)).encode();
    Message m = new Message(wire);

    assertThat(m.getHeader().getID()).isEqualTo(4321);
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.RA)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getQuestion().getName().toString()).isEqualTo("web.team.svc.cluster.local.");
    List<Record> answers = m.getSection(Section.ANSWER);
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).rdataToString()).isEqualTo("web.team.svc.cluster.local.");
    assertThat(answers.get(1).rdataToString()).isEqualTo("100.64.7.9");
    assertThat(answers.get(1).getTTL()).isEqualTo(30);

    DnsMessage back = DnsMessage.parse(wire, 0, wire.length).orElseThrow();
    assertThat(back.answers().get(0).cnameTarget()).isEqualTo(NAME);
    assertThat(back.answers().get(1).address().getHostAddress()).isEqualTo("100.64.7.9");
  }

  @Test
  void nxdomainAndServfailCarryTheirCodes() throws Exception {
    Message nx = new Message(DnsResponses.nxdomain(query(), List.of()).encode());
    Message fail = new Message(DnsResponses.servfail(query()).encode());
    Message refused = new Message(DnsResponses.refused(query()).encode());

    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nx.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(fail.getRcode()).isEqualTo(Rcode.SERVFAIL);
    assertThat(fail.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(fail.getHeader().getID()).isEqualTo(4321);
    assertThat(fail.getSection(Section.QUESTION)).hasSize(1);
  }

  @Test
  void oversizedResponsesAreTruncatedWithTheTcBit() throws Exception {
    List<DnsRecord> answers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] address = new byte[16];
      address[15] = (byte) i;
      answers.add(DnsRecord.aaaa(NAME, 30, (Inet6Address) InetAddress.getByAddress(address)));
    }
    DnsMessage full = DnsResponses.answer(query(), answers);

    byte[] udp = full.encode(512);
    Message m = new Message(udp);

    assertThat(full.encode().length).isGreaterThan(512);
    assertThat(udp.length).isLessThanOrEqualTo(512);
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getSection(Section.QUESTION)).hasSize(1);
    assertThat(m.getSection(Section.ANSWER)).isEmpty();
    assertThat(DnsMessage.parse(udp, 0, udp.length).orElseThrow().isTruncated()).isTrue();
  }

  @Test
  void droppingOnlyAdditionalRecordsDoesNotSetTc() {
    List<DnsRecord> extra = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      extra.add(
          new DnsRecord(NAME, 16, 1, 30, new byte[] {8, 'p', 'a', 'd', 'd', 'i', 'n', 'g', 's'}));
    }
    DnsRecord cname = DnsRecord.cname(NAME, 5, DnsName.ROOT);
    DnsMessage full =
        DnsResponses.answer(query(), List.of(cname)).withRecords(List.of(cname), List.of(), extra);

    byte[] udp = full.encode(512);
    DnsMessage back = DnsMessage.parse(udp, 0, udp.length).orElseThrow();

    assertThat(full.encode().length).isGreaterThan(512);
    assertThat(back.isTruncated()).isFalse();
    assertThat(back.answers()).hasSize(1);
    assertThat(back.additionals()).isEmpty();
  }

  @Test
  void aQuestionThatCannotFitIsRefused() {
    assertThatThrownBy(() -> query().encode(20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'20'");
  }
}
