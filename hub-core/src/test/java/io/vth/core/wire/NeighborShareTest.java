package io.vth.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NeighborShareTest {

  @Test
  void entriesSurviveTheWire() {
    byte[] bytes = WireSamples.neighborShare();
    WireReader reader = new WireReader(WireSamples.CELL);

    assertThat(reader.read(bytes, 0, bytes.length)).isEqualTo(WireError.NONE);
    NeighborShare share = reader.neighborShare();
    assertThat(share.podId()).isEqualTo(WireSamples.POD);
    assertThat(share.count()).isEqualTo(2);
    assertThat(share.vni(0)).isEqualTo(5001);
    assertThat(share.ipv4(0)).isEqualTo(0x0a000102);
    assertThat(share.mac(0)).isEqualTo(0x02_00_00_00_01_02L);
    assertThat(share.vni(1)).isEqualTo(5002);
    assertThat(share.ipv4(1)).isZero();
    assertThat(share.mac(1)).isEqualTo(0xfe_ff_ff_ff_ff_ffL);
  }

  @Test
  void aFullMessageFitsTheDefaultDatagramAndRefusesMore() {
    NeighborShare share = new NeighborShare().start(WireSamples.CELL, WireSamples.POD);
    for (int i = 0; i < NeighborShare.MAX_ENTRIES; i++) {
      assertThat(share.add(i + 1, i, i)).isTrue();
    }

    assertThat(share.full()).isTrue();
    assertThat(share.add(7, 7, 7)).isFalse();
    assertThat(share.length()).isLessThanOrEqualTo(WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE);
    byte[] bytes = WireSamples.encoded(share::encode);
    NeighborShare back = new NeighborShare();
    back.decodeOrThrow(bytes, 0, bytes.length);
    assertThat(back.count()).isEqualTo(NeighborShare.MAX_ENTRIES);
    assertThat(back.vni(95)).isEqualTo(96);
  }

  @Test
  void anEntryCountAboveTheLimitIsOutOfRange() {
    byte[] bytes = WireSamples.neighborShare();
    bytes[WireProtocol.HEADER_LENGTH] = 1;

    assertThat(new NeighborShare().decode(bytes, 0, bytes.length))
        .isEqualTo(WireError.FIELD_OUT_OF_RANGE);
  }

  @Test
  void aVniOfZeroOrBeyond24BitsIsOutOfRangeAndLeavesNoEntries() {
    for (int vni : new int[] {0, 0x1000000, -1}) {
      byte[] bytes = WireSamples.neighborShare();
      int second = NeighborShare.FIXED_LENGTH + NeighborShare.ENTRY_LENGTH;
      BigEndian.putInt(bytes, second, vni);
      NeighborShare share = new NeighborShare();

      assertThat(share.decode(bytes, 0, bytes.length))
          .as("VNI %d", vni)
          .isEqualTo(WireError.FIELD_OUT_OF_RANGE);
      assertThat(share.count()).isZero();
    }
  }

  @Test
  void addRefusesWhatTheWireCannotCarry() {
    NeighborShare share = new NeighborShare().start(WireSamples.CELL, WireSamples.POD);

    assertThatThrownBy(() -> share.add(0, 1, 1)).hasMessageContaining("VNI 0");
    assertThatThrownBy(() -> share.add(1, 1, 1L << 48)).hasMessageContaining("exceeds 48 bits");
    assertThat(share.count()).isZero();
    assertThat(Arrays.copyOf(WireSamples.encoded(share::encode), 2)).containsExactly(0x56, 0x54);
  }
}
