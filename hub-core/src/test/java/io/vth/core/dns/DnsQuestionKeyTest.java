package io.vth.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A forwarder accepts a response only when its ID and question match the query's. */
class DnsQuestionKeyTest {

  private static final DnsQuestion QUESTION = DnsQuestion.in(DnsName.of("Db.Prod.SVC.local"), 1);

  @Test
  void extractsIdLowerCasedNameTypeAndClass() {
    byte[] query = DnsMessage.query(0x1234, QUESTION).encode();
    DnsQuestionKey key = new DnsQuestionKey();

    assertThat(key.extract(query, 0, query.length)).isZero();

    assertThat(key.id()).isEqualTo(0x1234);
    assertThat(key.qtype()).isEqualTo(1);
    assertThat(key.qclass()).isEqualTo(1);
    assertThat(key.qname().toString()).isEqualTo("db.prod.svc.local.");
    byte[] name = new byte[DnsNames.MAX_NAME_LENGTH];
    assertThat(key.copyQname(name, 0)).isEqualTo(key.qnameLength()).isEqualTo(19);
    assertThat(name[1]).isEqualTo((byte) 'd');
  }

  @Test
  void acceptsAMatchingResponseEvenInAnotherCase() {
    DnsMessage query = DnsMessage.query(77, QUESTION);
    DnsQuestion shouted = DnsQuestion.in(DnsName.of("DB.PROD.SVC.LOCAL."), 1);
    DnsMessage response =
        DnsResponses.answer(DnsMessage.query(77, shouted), List.of()).withFlags(0x8180);

    assertThat(keyOf(response).answers(keyOf(query))).isTrue();
  }

  @Test
  void rejectsResponsesWithAnotherIdQuestionOrNoQrBit() {
    DnsQuestionKey query = keyOf(DnsMessage.query(77, QUESTION));
    DnsMessage good = DnsResponses.answer(DnsMessage.query(77, QUESTION), List.of());

    assertThat(keyOf(good).answers(query)).isTrue();
    assertThat(keyOf(good.withFlags(0)).answers(query)).as("no QR").isFalse();
    assertThat(keyOf(DnsResponses.servfail(DnsMessage.query(78, QUESTION))).answers(query))
        .as("other id")
        .isFalse();
    DnsQuestion aaaa = DnsQuestion.in(QUESTION.name(), 28);
    assertThat(keyOf(DnsResponses.servfail(DnsMessage.query(77, aaaa))).answers(query))
        .as("other type")
        .isFalse();
    DnsQuestion chaos = new DnsQuestion(QUESTION.name(), 1, 3);
    assertThat(keyOf(DnsResponses.servfail(DnsMessage.query(77, chaos))).answers(query))
        .as("other class")
        .isFalse();
    DnsQuestion other = DnsQuestion.in(DnsName.of("db.prod.svc.local.evil"), 1);
    assertThat(keyOf(DnsResponses.servfail(DnsMessage.query(77, other))).answers(query))
        .as("other name")
        .isFalse();
  }

  @Test
  void needsExactlyOneQuestion() {
    DnsMessage two =
        new DnsMessage(1, 0, List.of(QUESTION, QUESTION), List.of(), List.of(), List.of());
    DnsMessage none = new DnsMessage(1, 0, List.of(), List.of(), List.of(), List.of());
    DnsQuestionKey key = new DnsQuestionKey();

    byte[] twoWire = two.encode();
    byte[] noneWire = none.encode();
    assertThat(key.extract(twoWire, 0, twoWire.length))
        .isEqualTo(DnsReason.NOT_ONE_QUESTION.code());
    assertThat(key.isValid()).isFalse();
    assertThat(key.extract(noneWire, 0, noneWire.length))
        .isEqualTo(DnsReason.NOT_ONE_QUESTION.code());
    assertThat(key.answers(key)).isFalse();
    assertThat(key).hasToString("no question");
  }

  private static DnsQuestionKey keyOf(DnsMessage m) {
    byte[] wire = m.encode();
    DnsQuestionKey key = new DnsQuestionKey();
    assertThat(key.extract(wire, 0, wire.length)).isZero();
    return key;
  }
}
