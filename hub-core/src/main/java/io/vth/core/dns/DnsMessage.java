package io.vth.core.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A whole DNS message for the slow path (the hub answering as a resolver in Endpoint mode): header
 * fields and the four sections as immutable lists. {@link #parse} decodes, {@link #encode} writes
 * with name compression.
 */
public record DnsMessage(
    int id,
    int flags,
    List<DnsQuestion> questions,
    List<DnsRecord> answers,
    List<DnsRecord> authorities,
    List<DnsRecord> additionals) {

  /** Checks ranges and takes immutable copies of the sections. */
  public DnsMessage {
    DnsRecord.checkU16("id", id);
    DnsRecord.checkU16("flags", flags);
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  /** A standard query for one question, with RD set. */
  public static DnsMessage query(int id, DnsQuestion question) {
    return new DnsMessage(
        id, DnsHeader.FLAG_RD, List.of(question), List.of(), List.of(), List.of());
  }

  /**
   * Decodes the message in {@code msg[off, off + len)}; never throws for malformed input.
   *
   * @return the message, or the {@link DnsReason} it was rejected for
   */
  public static DnsParseResult parse(byte[] msg, int off, int len) {
    // Structure first, so the reason is the same one the hot path would give.
    int status = DnsValidator.validate(msg, off, len);
    DnsReader reader = new DnsReader();
    if (status < 0 || (status = reader.reset(msg, off, len)) < 0) {
      return DnsParseResult.failed(status);
    }
    List<DnsQuestion> questions = new ArrayList<>();
    List<List<DnsRecord>> sections =
        List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    byte[] nameBuf = new byte[DnsNames.MAX_NAME_LENGTH];
    while ((status = reader.next()) == 1) {
      int nameLength =
          DnsNames.copyUncompressed(msg, off, off + len, reader.nameOffset(), nameBuf, 0);
      DnsName name = DnsName.ofValidatedWire(Arrays.copyOf(nameBuf, nameLength));
      if (reader.section() == DnsReader.QUESTION) {
        questions.add(new DnsQuestion(name, reader.type(), reader.dnsClass()));
        continue;
      }
      byte[] rdata = readRdata(msg, reader);
      if (rdata == null) {
        return DnsParseResult.failed(DnsReason.RDATA_MALFORMED.code());
      }
      sections
          .get(reader.section() - 1)
          .add(new DnsRecord(name, reader.type(), reader.dnsClass(), reader.ttl(), rdata));
    }
    if (status < 0) {
      return DnsParseResult.failed(status);
    }
    return DnsParseResult.ok(
        new DnsMessage(
            reader.id(),
            reader.flags(),
            questions,
            sections.get(0),
            sections.get(1),
            sections.get(2)));
  }

  private static byte[] readRdata(byte[] msg, DnsReader reader) {
    int[] layout = RdataLayout.of(reader.type());
    int rdata = reader.rdataOffset();
    int rdLength = reader.rdLength();
    if (layout == null) {
      return Arrays.copyOfRange(msg, rdata, rdata + rdLength);
    }
    byte[] expanded =
        RdataLayout.expand(
            msg, reader.messageStart(), reader.messageEnd(), rdata, rdLength, layout);
    if (expanded != null && expanded.length > 0xffff) {
      return null;
    }
    return expanded;
  }

  /** Encodes with name compression; see {@link DnsMessageWriter}. */
  public byte[] encode() {
    return DnsMessageWriter.encode(this, Integer.MAX_VALUE);
  }

  /**
   * Encodes within {@code maxLength} octets (512 for plain UDP): drops the additional section
   * first, then answers and authority with the TC bit set (RFC 2181 section 9).
   */
  public byte[] encode(int maxLength) {
    return DnsMessageWriter.encode(this, maxLength);
  }

  /** Whether QR is set. */
  public boolean isResponse() {
    return (flags & DnsHeader.FLAG_QR) != 0;
  }

  /** Whether TC is set. */
  public boolean isTruncated() {
    return (flags & DnsHeader.FLAG_TC) != 0;
  }

  /** The response code. */
  public int rcode() {
    return DnsHeader.rcode(flags);
  }

  /** The opcode. */
  public int opcode() {
    return DnsHeader.opcode(flags);
  }

  /** This message with other flags. */
  public DnsMessage withFlags(int newFlags) {
    return new DnsMessage(id, newFlags, questions, answers, authorities, additionals);
  }

  /** This message with other answer, authority and additional sections. */
  public DnsMessage withRecords(
      List<DnsRecord> newAnswers, List<DnsRecord> newAuthorities, List<DnsRecord> newAdditionals) {
    Objects.requireNonNull(newAnswers, "answers");
    return new DnsMessage(id, flags, questions, newAnswers, newAuthorities, newAdditionals);
  }
}
