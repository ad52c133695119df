package io.vth.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vth.core.wire.GenerationChange;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CellSealTest {

  private static final byte[] KEY = CellKeys.generate();
  private static final InetSocketAddress TO = new InetSocketAddress("10.200.1.7", 4791);
  private static final CellSeal.Destinations POD_10_200_1_7 =
      (high, low) -> high == 0 && low == (0xffffL << 32 | 0x0ac80107L);

  private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
  private final AtomicReference<CellKeys> senderKeys = new AtomicReference<>(CellKeys.of(KEY));
  private final AtomicReference<CellKeys> receiverKeys = new AtomicReference<>(CellKeys.of(KEY));
  private final CellSeal sender =
      new CellSeal(senderKeys::get, new SealSequences(), clock::get, POD_10_200_1_7);
  private final CellSeal receiver =
      new CellSeal(receiverKeys::get, new SealSequences(), clock::get, POD_10_200_1_7);

  private byte[] sealed(long generation) {
    byte[] buf = new byte[GenerationChange.LENGTH + CellSeal.TRAILER_LENGTH];
    int len = new GenerationChange().set(7, 42, generation, false).encode(buf, 0);
    assertThat(sender.seal(buf, 0, len, TO)).isEqualTo(buf.length);
    return buf;
  }

  private SealError open(byte[] datagram) {
    return receiver.open(datagram, 0, datagram.length, TO.getPort());
  }

  @Test
  void aSealedMessageOpensToItself() {
    byte[] datagram = sealed(9);

    assertThat(open(datagram)).isEqualTo(SealError.NONE);
    assertThat(receiver.openedLength()).isEqualTo(GenerationChange.LENGTH);
    GenerationChange back = new GenerationChange();
    back.decodeOrThrow(datagram, 0, receiver.openedLength());
    assertThat(back.generation()).isEqualTo(9);
  }

  @Test
  void changingAnyByteBreaksTheTag() {
    byte[] datagram = sealed(9);
    for (int i = 0; i < datagram.length; i++) {
      byte[] forged = datagram.clone();
      forged[i] ^= 1;
      CellSeal fresh =
          new CellSeal(receiverKeys::get, new SealSequences(), clock::get, (h, l) -> true);

      assertThat(fresh.open(forged, 0, forged.length, TO.getPort()))
          .as("byte %d", i)
          .isEqualTo(SealError.BAD_TAG);
    }
  }

  @Test
  void anotherCellsKeyIsRefusedAndAnUnsealedMessageToo() {
    receiverKeys.set(CellKeys.of(CellKeys.generate()));
    assertThat(open(sealed(9))).isEqualTo(SealError.BAD_TAG);

    byte[] plain = new byte[GenerationChange.LENGTH];
    new GenerationChange().set(7, 42, Long.MAX_VALUE, true).encode(plain, 0);
    assertThat(open(plain)).isEqualTo(SealError.UNSEALED);
    byte[] padded = Arrays.copyOf(plain, plain.length + CellSeal.TRAILER_LENGTH);
    assertThat(open(padded)).isEqualTo(SealError.BAD_TAG);
  }

  @Test
  void aDatagramSealedForAnotherSocketIsRefused() {
    byte[] datagram = sealed(9);

    assertThat(receiver.open(datagram, 0, datagram.length, 4792))
        .isEqualTo(SealError.WRONG_DESTINATION);
    CellSeal otherPod =
        new CellSeal(receiverKeys::get, new SealSequences(), clock::get, (h, l) -> false);
    assertThat(otherPod.open(datagram, 0, datagram.length, TO.getPort()))
        .isEqualTo(SealError.WRONG_DESTINATION);
  }

  @Test
  void aTimestampBeyondTheSkewIsStale() {
    byte[] old = sealed(9);
    clock.addAndGet(CellSeal.MAX_SKEW_MILLIS + 1);
    assertThat(open(old)).isEqualTo(SealError.STALE);

    byte[] future = sealed(10);
    clock.addAndGet(-2 * (CellSeal.MAX_SKEW_MILLIS + 1));
    assertThat(open(future)).isEqualTo(SealError.STALE);
  }

  @Test
  void aReplayIsRefusedReorderingWithinTheWindowIsNot() {
    List<byte[]> run = new ArrayList<>();
    for (int i = 0; i < ReplayWindow.WIDTH + 10; i++) {
      run.add(sealed(i));
    }
    assertThat(open(run.get(5))).isEqualTo(SealError.NONE);
    assertThat(open(run.get(5))).isEqualTo(SealError.REPLAYED);
    assertThat(open(run.get(1))).isEqualTo(SealError.NONE);
    assertThat(open(run.get(ReplayWindow.WIDTH + 9))).isEqualTo(SealError.NONE);
    assertThat(open(run.get(ReplayWindow.WIDTH + 9))).isEqualTo(SealError.REPLAYED);
    assertThat(open(run.get(20))).as("within the window").isEqualTo(SealError.NONE);
    assertThat(open(run.get(3))).as("older than the window").isEqualTo(SealError.REPLAYED);
  }

  @Test
  void duringARotationBothKeysAreAcceptedAndTheFirstSigns() {
    byte[] next = CellKeys.generate();
    // Phase 1: receivers accept the next key, senders still sign with the old one.
    receiverKeys.set(CellKeys.of(KEY, next));
    assertThat(open(sealed(1))).isEqualTo(SealError.NONE);
    // Phase 2: senders sign with the next key; receivers not yet updated still accept it.
    senderKeys.set(CellKeys.of(next, KEY));
    assertThat(open(sealed(2))).isEqualTo(SealError.NONE);
    // Phase 3: the old key is gone everywhere.
    senderKeys.set(CellKeys.of(next));
    receiverKeys.set(CellKeys.of(next));
    assertThat(open(sealed(3))).isEqualTo(SealError.NONE);
  }

  @Property(tries = 500)
  void randomBytesNeverOpen(@ForAll byte[] garbage) {
    CellSeal fresh =
        new CellSeal(receiverKeys::get, new SealSequences(), clock::get, (h, l) -> true);

    assertThat(fresh.open(garbage, 0, garbage.length, TO.getPort()))
        .isIn(SealError.UNSEALED, SealError.BAD_TAG);
  }

  @Test
  void keysParseFromTheSecretsTextAndBadLinesAreNamed() {
    String text = "# rotated 2026-12-07\n" + CellKeys.format(KEY, CellKeys.generate()) + "\n";
    CellKeys keys = CellKeys.parse(text);
    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.describe()).startsWith("keys ").contains(CellKeys.of(KEY).fingerprint(0));

    assertThatThrownBy(() -> CellKeys.parse("")).hasMessageContaining("no cell key");
    assertThatThrownBy(() -> CellKeys.parse("c2hvcnQ=\n"))
        .hasMessageContaining("line 1 has 5 bytes");
    assertThatThrownBy(() -> CellKeys.parse("\n***\n"))
        .hasMessageContaining("line 2 is not base64");
  }

  @Test
  void loopbackAddressesAreLocal() {
    assertThat(LocalAddresses.isLoopback(0, 0xffffL << 32 | 0x7f000002L)).isTrue();
    assertThat(LocalAddresses.isLoopback(0, 1)).isTrue();
    assertThat(LocalAddresses.isLoopback(0, 0xffffL << 32 | 0x0a000001L)).isFalse();
    assertThat(new LocalAddresses().isLocal(0, 0xffffL << 32 | 0x7f000001L)).isTrue();
    assertThat(new LocalAddresses().isLocal(0x20010db8_00000000L, 99)).isFalse();
  }
}
