package io.vth.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.flow.FlowKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flow cache finds what it holds, evicts the least recently used, and sweeps idle flows. */
class FlowCacheTest {

  private static FlowKey key(int i) {
    return new FlowKey().setIpv4(1001, 6, 0xc0a8010a, 0x0a0a0100 + (i & 0xff), 1000 + i, 80);
  }

  @Test
  void aCachedFlowIsFoundAndAnotherIsNot() {
    FlowCache<String> cache = new FlowCache<>(4);
    cache.put(key(1), "a", 0);
    assertThat(cache.get(key(1), 1)).isEqualTo("a");
    assertThat(cache.get(key(2), 1)).isNull();
  }

  @Test
  void sameAddressesOnAnotherAttachmentAreAnotherFlow() {
    FlowCache<String> cache = new FlowCache<>(4);
    FlowKey a = new FlowKey().setIpv4(1001, 17, 0xc0a8010a, 0x0a000001, 5000, 53);
    FlowKey b = new FlowKey().setIpv4(1002, 17, 0xc0a8010a, 0x0a000001, 5000, 53);
    cache.put(a, "from 1001", 0);
    assertThat(cache.get(b, 0)).isNull();
  }

  @Test
  void aFullCacheEvictsTheLeastRecentlyUsedFlow() {
    FlowCache<String> cache = new FlowCache<>(3);
    cache.put(key(1), "1", 0);
    cache.put(key(2), "2", 1);
    cache.put(key(3), "3", 2);
    cache.get(key(1), 3);
    cache.put(key(4), "4", 4);
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get(key(2), 5)).as("least recently used").isNull();
    assertThat(cache.get(key(1), 5)).isEqualTo("1");
    assertThat(cache.get(key(3), 5)).isEqualTo("3");
    assertThat(cache.get(key(4), 5)).isEqualTo("4");
    assertThat(cache.evictions()).isEqualTo(1);
  }

  @Test
  void idleFlowsAreSweptAndBusyOnesStay() {
    FlowCache<String> cache = new FlowCache<>(8);
    for (int i = 0; i < 5; i++) {
      cache.put(key(i), "v" + i, 0);
    }
    cache.get(key(3), 900);
    assertThat(cache.evictIdle(1000, 500, 2)).as("bounded by limit").isEqualTo(2);
    assertThat(cache.evictIdle(1000, 500, 100)).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(key(3), 1000)).isEqualTo("v3");
  }

  @Test
  void agreesWithAModelUnderRandomOperations() {
    Random random = new Random(42);
    FlowCache<Integer> cache = new FlowCache<>(64);
    LinkedHashMap<Integer, Integer> model = new LinkedHashMap<>(16, 0.75f, true);
    for (int step = 0; step < 200_000; step++) {
      int k = random.nextInt(200);
      switch (random.nextInt(3)) {
        case 0 -> {
          Integer got = cache.get(key(k), step);
          assertThat(got).isEqualTo(model.get(k));
        }
        case 1 -> {
          cache.put(key(k), step, step);
          model.put(k, step);
          if (model.size() > 64) {
            Integer eldest = model.keySet().iterator().next();
            model.remove(eldest);
          }
        }
        default -> assertThat(cache.remove(key(k))).isEqualTo(model.remove(k) != null);
      }
      assertThat(cache.size()).isEqualTo(model.size());
    }
    Map<Integer, Integer> all = new HashMap<>(model);
    all.forEach((k, v) -> assertThat(cache.get(key(k), 0)).isEqualTo(v));
  }

  @Test
  void anAttachmentFloodingTheCacheEvictsOnlyItsOwnFlows() {
    FlowCache<String> cache = new FlowCache<>(100, 25);
    FlowKey quiet = new FlowKey().setIpv4(2, 17, 0x0a000001, 0x0a000002, 53, 53);
    cache.put(quiet, "quiet", 0);
    for (int port = 1; port <= 10_000; port++) {
      cache.put(new FlowKey().setIpv4(1, 17, 0x0b000001, 0x0b000002, port, 7), "flood", port);
    }

    assertThat(cache.size(1)).isEqualTo(25);
    assertThat(cache.get(quiet, 10_001)).isEqualTo("quiet");
    assertThat(cache.size()).isEqualTo(26);
    assertThat(cache.get(new FlowKey().setIpv4(1, 17, 0x0b000001, 0x0b000002, 10_000, 7), 10_002))
        .as("the newest of the flood")
        .isEqualTo("flood");
  }

  @Test
  void whenNoneOfTheAttachmentsOwnFlowsIsNearTheOldEndTheNewOneIsNotCached() {
    FlowCache<String> cache = new FlowCache<>(200, 10);
    for (int port = 1; port <= 10; port++) {
      cache.put(new FlowKey().setIpv4(1, 17, 1, 2, port, 7), "a", port);
    }
    // 100 flows of other attachments are older than nothing of A but newer than all of A's ...
    for (int vni = 2; vni < 102; vni++) {
      cache.put(new FlowKey().setIpv4(vni, 17, 1, 2, 1, 7), "other", 100 + vni);
    }
    // ... and A's are used again, so they sit at the front.
    for (int port = 1; port <= 10; port++) {
      cache.get(new FlowKey().setIpv4(1, 17, 1, 2, port, 7), 300 + port);
    }

    cache.put(new FlowKey().setIpv4(1, 17, 1, 2, 11, 7), "a", 400);

    assertThat(cache.size(1)).isEqualTo(10);
    assertThat(cache.refusedInserts()).isEqualTo(1);
    assertThat(cache.size()).isEqualTo(110);
  }
}
