package io.vth.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Addresses printed by the disassembler parse back to the same bytes. */
class AssemblySyntaxPropertyTest {

  @Provide
  Arbitrary<byte[]> ipv6Addresses() {
    // Mostly zero bytes, so that runs of zero groups of every length and position occur.
    Arbitrary<Byte> sparse =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just((byte) 0)), Tuple.of(1, Arbitraries.bytes()));
    return sparse.array(byte[].class).ofSize(16);
  }

  @Property(tries = 300)
  void ipv6TextParsesBackToTheSameBytes(@ForAll("ipv6Addresses") byte[] address) {
    String text = AssemblySyntax.formatIpv6(address, 0);

    assertThat(AssemblySyntax.ipv6(text)).isEqualTo(address);
    assertThat(text).doesNotContain(":::").doesNotContainPattern("(^|:)0\\p{XDigit}");
  }
}
