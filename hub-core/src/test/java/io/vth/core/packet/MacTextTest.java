package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** MAC addresses in text: parsed exactly, and bad text named in the error. */
class MacTextTest {

  @Test
  void aMacIsParsedIntoTheLow48Bits() {
    assertThat(Ethernet.parseMac("02:76:74:00:03:E9")).isEqualTo(0x02_76_74_00_03_e9L);
  }

  @Test
  void badTextIsQuoted() {
    for (String bad :
        new String[] {
          "02:76:74:00:03", "02:76:74:00:03:e9:aa", "02:76:74:00:03:zz", "2:76:74:0:3:e9", ""
        }) {
      assertThatThrownBy(() -> Ethernet.parseMac(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("\"" + bad + "\" is not a MAC address");
    }
  }
}
