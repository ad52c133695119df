package io.vth.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One network cannot crowd the others out of the neighbour table, nor make it churn. */
class NeighborTableTest {

  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
  private final NeighborTable table = new NeighborTable(100, 10, 60 * SECOND, clock::get);

  @Test
  void anAttachmentFullOfEntriesLeavesRoomForTheOthers() {
    for (int i = 1; i <= 50; i++) {
      table.learn(1, 0x0a000000 + i, 0x0200_0000_0000L + i);
    }

    assertThat(table.size(1)).isEqualTo(10);
    assertThat(table.refused(NeighborTable.Refusal.ATTACHMENT_FULL)).isEqualTo(40);
    assertThat(table.learn(2, 0x0b000001, 0x0200_0000_0100L)).isTrue();
    assertThat(table.lookup(2, 0x0b000001)).isEqualTo(0x0200_0000_0100L);
    // an entry already held may still change
    clock.addAndGet(2 * SECOND);
    assertThat(table.learn(1, 0x0a000001, 0x0200_0000_0999L)).isTrue();
  }

  @Test
  void aMacAlternatingEveryPacketChangesTheEntryAtMostOnceASecond() {
    assertThat(table.learnNextHop(1, 0xaaL)).isTrue();
    int changes = 0;
    // two seconds of 10,000 packets a second, the MAC alternating on every one
    for (int packet = 0; packet < 20_000; packet++) {
      if (table.learnNextHop(1, packet % 2 == 0 ? 0xbbL : 0xaaL)) {
        changes++;
      }
      clock.addAndGet(100_000);
    }

    assertThat(changes).as("one change in the second second, none more").isEqualTo(1);
    assertThat(table.refused(NeighborTable.Refusal.FLAPPING)).isPositive();
    clock.addAndGet(SECOND);
    assertThat(table.learnNextHop(1, 0xccL)).as("a real move, a second later").isTrue();
    assertThat(table.nextHop(1)).isEqualTo(0xccL);
  }

  @Test
  void entriesNotHeardFromAgeOutThoseHeardStay() {
    table.learn(1, 0x0a000001, 0xaaL);
    table.learn(1, 0x0a000002, 0xbbL);
    clock.addAndGet(40 * SECOND);
    table.learn(1, 0x0a000002, 0xbbL); // heard again, unchanged
    clock.addAndGet(30 * SECOND);

    assertThat(table.expire()).isEqualTo(1);
    assertThat(table.lookup(1, 0x0a000001)).isEqualTo(NeighborTable.UNKNOWN);
    assertThat(table.lookup(1, 0x0a000002)).isEqualTo(0xbbL);
    assertThat(table.size(1)).isEqualTo(1);
    assertThat(table.expired()).isEqualTo(1);
  }

  @Test
  void theWholeTableHasABoundToo() {
    for (int vni = 1; vni <= 20; vni++) {
      for (int i = 1; i <= 10; i++) {
        table.learn(vni, i, 0x0200_0000_0000L + vni * 100 + i);
      }
    }

    assertThat(table.size()).isEqualTo(100);
    assertThat(table.refused(NeighborTable.Refusal.TABLE_FULL)).isEqualTo(100);
  }
}
