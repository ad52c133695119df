package io.vth.core.dns;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Random well-formed messages built with dnsjava, and conversions between its model and ours. */
final class DnsjavaMessages {

  private static final String[] BASES = {
    ".", "example.com.", "Example.COM.", "svc.cluster.local.", "a.b.c.d.e.f.", "xn--bcher-kva.org."
  };

  private DnsjavaMessages() {}

  /** Names sharing a few suffixes (so compression kicks in), sometimes with odd octets. */
  static Arbitrary<Name> names() {
    Arbitrary<byte[]> friendly =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .withChars('-', '_')
            .ofMinLength(1)
            .ofMaxLength(12)
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Arbitrary<byte[]> odd = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(10);
    Arbitrary<byte[]> label = Arbitraries.frequencyOf(Tuple.of(9, friendly), Tuple.of(1, odd));
    return Combinators.combine(label.list().ofMaxSize(3), Arbitraries.of(BASES))
        .as(DnsjavaMessages::name);
  }

  private static Name name(List<byte[]> labels, String base) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] label : labels) {
      out.write(label.length);
      out.writeBytes(label);
    }
    out.writeBytes(Name.fromConstantString(base).toWire());
    try {
      return new Name(out.toByteArray());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** IPv4 addresses, often inside 192.168.1.0/24 (the test mapping's source range). */
  static Arbitrary<byte[]> ipv4() {
    Arbitrary<byte[]> mapped = Arbitraries.integers().between(0, 255).map(i -> ip(192, 168, 1, i));
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofSize(4);
    return Arbitraries.oneOf(mapped, any);
  }

  private static byte[] ip(int... octets) {
    byte[] b = new byte[octets.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) octets[i];
    }
    return b;
  }

  /** IPv6 addresses, often inside fd00:1::/64 (the test mapping's IPv6 source range). */
  static Arbitrary<byte[]> ipv6() {
    Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofSize(16);
    Arbitrary<byte[]> mapped =
        any.map(
            b -> {
              byte[] c = b.clone();
              System.arraycopy(ip(0xfd, 0, 0, 1, 0, 0, 0, 0), 0, c, 0, 8);
              return c;
            });
    return Arbitraries.oneOf(mapped, any);
  }

  static Arbitrary<Record> records() {
    Arbitrary<Name> n = names();
    Arbitrary<Integer> dclass =
        Arbitraries.frequency(Tuple.of(8, DClass.IN), Tuple.of(1, DClass.CH));
    Arbitrary<Long> ttl = Arbitraries.longs().between(0, 0x7fffffffL);
    Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
    return Combinators.combine(n, dclass, ttl, n, u16, ipv4(), ipv6(), Arbitraries.integers())
        .as(
            (owner, c, t, target, number, v4, v6, pick) ->
                record(owner, c, t, target, number, v4, v6, pick));
  }

  private static Record record(
      Name owner, int c, long t, Name target, int number, byte[] v4, byte[] v6, int pick) {
    return switch (Math.floorMod(pick, 11)) {
      case 0, 1, 2 -> new ARecord(owner, c, t, address(v4));
      case 3, 4 -> new AAAARecord(owner, c, t, address(v6));
      case 5 -> new CNAMERecord(owner, c, t, target);
      case 6 -> new MXRecord(owner, c, t, number, target);
      case 7 -> new SOARecord(owner, c, t, target, owner, number, 3600, 600, 86400, t);
      case 8 -> new TXTRecord(owner, c, t, "v=" + number);
      case 9 -> new SRVRecord(owner, c, t, number, 5, 443, target);
      default ->
          Math.floorMod(pick, 3) == 0
              ? new NSRecord(owner, c, t, target)
              : Math.floorMod(pick, 3) == 1
                  ? new PTRRecord(owner, c, t, target)
                  : Record.newRecord(owner, 65280 + number % 200, c, t, v6);
    };
  }

  private static InetAddress address(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Messages with random header bits, 0-2 questions and up to 5 records per section. */
  static Arbitrary<Message> messages() {
    Arbitrary<Record> question =
        Combinators.combine(names(), Arbitraries.of(Type.A, Type.AAAA, Type.MX, Type.TXT))
            .as((n, t) -> Record.newRecord(n, t, DClass.IN));
    return Combinators.combine(
            Arbitraries.integers().between(0, 0xffff),
            Arbitraries.integers().between(0, 0x7f),
            Arbitraries.of(0, 1, 2, 4),
            Arbitraries.integers().between(0, 15),
            question.list().ofMaxSize(2),
            records().list().ofMaxSize(5),
            records().list().ofMaxSize(5),
            records().list().ofMaxSize(5))
        .as(DnsjavaMessages::message);
  }

  private static Message message(
      int id,
      int flagBits,
      int opcode,
      int rcode,
      List<Record> questions,
      List<Record> answers,
      List<Record> authority,
      List<Record> additional) {
    Header h = new Header(id);
    int[] flags = {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD};
    for (int i = 0; i < flags.length; i++) {
      if ((flagBits & (1 << i)) != 0) {
        h.setFlag(flags[i]);
      }
    }
    h.setOpcode(opcode);
    h.setRcode(rcode);
    Message m = new Message();
    m.setHeader(h);
    questions.forEach(r -> m.addRecord(r, Section.QUESTION));
    answers.forEach(r -> m.addRecord(r, Section.ANSWER));
    authority.forEach(r -> m.addRecord(r, Section.AUTHORITY));
    additional.forEach(r -> m.addRecord(r, Section.ADDITIONAL));
    return m;
  }

  /** The record's RDATA with names written whole, as dnsjava writes it without compression. */
  static byte[] uncompressedRdata(Record r) {
    byte[] wire = r.toWire(Section.ANSWER);
    int start = r.getName().length() + 10;
    return java.util.Arrays.copyOfRange(wire, start, wire.length);
  }

  /** The same message in our object model. */
  static DnsMessage toOurs(Message m) {
    byte[] header = m.getHeader().toWire();
    int flags = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
    List<DnsQuestion> questions = new ArrayList<>();
    for (Record q : m.getSection(Section.QUESTION)) {
      questions.add(new DnsQuestion(ours(q.getName()), q.getType(), q.getDClass()));
    }
    return new DnsMessage(
        m.getHeader().getID(),
        flags,
        questions,
        ours(m.getSection(Section.ANSWER)),
        ours(m.getSection(Section.AUTHORITY)),
        ours(m.getSection(Section.ADDITIONAL)));
  }

  private static List<DnsRecord> ours(List<Record> records) {
    List<DnsRecord> out = new ArrayList<>();
    for (Record r : records) {
      out.add(
          new DnsRecord(
              ours(r.getName()), r.getType(), r.getDClass(), r.getTTL(), uncompressedRdata(r)));
    }
    return out;
  }

  static DnsName ours(Name name) {
    return DnsName.ofValidatedWire(name.toWire());
  }
}
