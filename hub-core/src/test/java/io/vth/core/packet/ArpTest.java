package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ArpTest {

  private static final long GATEWAY_MAC = 0x0200_0000_00aaL;

  @Property(tries = 200)
  void readsWhatWasWritten(
      @ForAll @IntRange(min = 1, max = 2) int op,
      @ForAll @LongRange(min = 0, max = 0xffff_ffff_ffffL) long senderMac,
      @ForAll int senderIp,
      @ForAll @LongRange(min = 0, max = 0xffff_ffff_ffffL) long targetMac,
      @ForAll int targetIp) {
    byte[] b = new byte[Arp.LENGTH + 3];
    Arp.write(b, 3, op, senderMac, senderIp, targetMac, targetIp);

    assertThat(Arp.check(b, 3, Arp.LENGTH)).isEqualTo(PacketStatus.OK);
    assertThat(Arp.operation(b, 3)).isEqualTo(op);
    assertThat(Arp.senderMac(b, 3)).isEqualTo(senderMac);
    assertThat(Arp.senderIp(b, 3)).isEqualTo(senderIp);
    assertThat(Arp.targetMac(b, 3)).isEqualTo(targetMac);
    assertThat(Arp.targetIp(b, 3)).isEqualTo(targetIp);
  }

  @Property(tries = 100)
  void replyAnswersTheRequesterWithTheAskedAddress(
      @ForAll @LongRange(min = 0, max = 0xffff_ffff_ffffL) long requesterMac,
      @ForAll int requesterIp,
      @ForAll int gatewayIp) {
    byte[] req = new byte[Arp.LENGTH];
    Arp.write(req, 0, Arp.OP_REQUEST, requesterMac, requesterIp, 0, gatewayIp);
    byte[] out = new byte[Arp.LENGTH];

    Arp.writeReply(req, 0, out, 0, GATEWAY_MAC);
    Arp.toReplyInPlace(req, 0, GATEWAY_MAC);

    assertThat(out).isEqualTo(req);
    assertThat(Arp.check(out, 0, Arp.LENGTH)).isEqualTo(PacketStatus.OK);
    assertThat(Arp.operation(out, 0)).isEqualTo(Arp.OP_REPLY);
    assertThat(Arp.senderMac(out, 0)).isEqualTo(GATEWAY_MAC);
    assertThat(Arp.senderIp(out, 0)).isEqualTo(gatewayIp);
    assertThat(Arp.targetMac(out, 0)).isEqualTo(requesterMac);
    assertThat(Arp.targetIp(out, 0)).isEqualTo(requesterIp);
  }

  @Test
  void rejectsTruncatedAndForeignMessages() {
    byte[] b = new byte[Arp.LENGTH];
    Arp.write(b, 0, Arp.OP_REQUEST, 1, 2, 0, 3);
    for (int len = 0; len < Arp.LENGTH; len++) {
      assertThat(Arp.check(b, 0, len)).isEqualTo(PacketStatus.TRUNCATED);
    }
    assertThat(Arp.check(b, 1, Arp.LENGTH)).isEqualTo(PacketStatus.TRUNCATED);

    for (int field : new int[] {1, 3, 4, 5, 7}) {
      byte[] bad = b.clone();
      bad[field] ^= 0x10;
      assertThat(Arp.check(bad, 0, Arp.LENGTH))
          .as("byte %d", field)
          .isEqualTo(PacketStatus.UNSUPPORTED);
    }
  }
}
