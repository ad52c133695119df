package io.vth.core.action;

import static io.vth.core.action.TestPackets.v4;
import static io.vth.core.action.TestPackets.v6;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** 1:1 prefix translation straight from constant-pool bytes. */
class PrefixTranslatorTest {

  private final PrefixTranslator translator = new PrefixTranslator();

  private void point(String map4, String map6) {
    byte[] pool = new byte[9 + 33];
    if (map4 != null) {
      System.arraycopy(ConstantSyntax.parse(("map4 " + map4).split(" ")).data(), 0, pool, 0, 9);
    }
    if (map6 != null) {
      System.arraycopy(ConstantSyntax.parse(("map6 " + map6).split(" ")).data(), 0, pool, 9, 33);
    }
    translator.point(pool, map4 == null ? -1 : 0, map6 == null ? -1 : 9);
  }

  @Test
  void translatesAPrefixThatEndsInsideAByte() {
    point("10.16.0.0/12 172.32.0.0/12", null);
    byte[] buf = {0, 10, 31, 2, 3, 0};

    assertThat(translator.rewrite(buf, 1, 4)).isTrue();

    assertThat(buf).containsExactly(0, 172, 47, 2, 3, 0);
  }

  @Test
  void leavesAddressesOutsideThePrefix() {
    point("10.16.0.0/12 172.32.0.0/12", null);
    byte[] buf = v4(10, 32, 0, 1);

    assertThat(translator.rewrite(buf, 0, 4)).isFalse();
    assertThat(buf).containsExactly(v4(10, 32, 0, 1));
  }

  @Test
  void translatesIpv6AndIgnoresAFamilyWithoutMapping() {
    point(null, "fd00:0:0:1::/64 2001:db8:7:1::/64");
    byte[] address = v6("fd00:0:0:1::abcd");
    byte[] ipv4 = v4(10, 0, 0, 1);

    assertThat(translator.rewrite(address, 0, 16)).isTrue();
    assertThat(translator.rewrite(ipv4, 0, 4)).isFalse();

    assertThat(address).isEqualTo(v6("2001:db8:7:1::abcd"));
  }

  @Test
  void refusesLengthsAndRangesThatAreNotAnAddress() {
    point("0.0.0.0/0 10.0.0.0/0", "::/0 ::/0");

    assertThat(translator.rewrite(new byte[8], 0, 6)).isFalse();
    assertThat(translator.rewrite(new byte[4], 1, 4)).isFalse();
    assertThat(translator.rewrite(new byte[4], -1, 4)).isFalse();
    assertThat(translator.rewrite(new byte[4], 0, 4)).isTrue();
  }
}
