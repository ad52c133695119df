package io.vth.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line of local mode, and the address helpers of the traffic check. */
class OptionsTest {

  @Test
  void parsesUpWithItsOptions() {
    LocalMain.Options o =
        LocalMain.Options.parse(
            new String[] {
              "up", "--once", "--networks", "--timeout", "30", "../examples/quickstart"
            });
    assertThat(o.once()).isTrue();
    assertThat(o.networks()).isTrue();
    assertThat(o.timeoutSeconds()).isEqualTo(30);
    assertThat(o.example()).isEqualTo(Path.of("../examples/quickstart"));
  }

  @Test
  void badCommandLinesSayWhatIsWrong() {
    assertThatThrownBy(() -> LocalMain.Options.parse(new String[] {"down"}))
        .hasMessageContaining("unknown command \"down\"");
    assertThatThrownBy(() -> LocalMain.Options.parse(new String[] {"up"}))
        .hasMessageContaining("no EXAMPLE_DIR");
    assertThatThrownBy(() -> LocalMain.Options.parse(new String[] {"up", "--fast", "x"}))
        .hasMessageContaining("unknown option \"--fast\"");
    assertThatThrownBy(() -> LocalMain.Options.parse(new String[] {"up", "--timeout", "soon", "x"}))
        .hasMessageContaining("--timeout: \"soon\"");
    assertThatThrownBy(() -> LocalMain.Options.parse(new String[] {"up", "no/such/folder"}))
        .hasMessageContaining("EXAMPLE_DIR: \"no/such/folder\" is not a folder");
  }

  @Test
  void hostsAreDistinctPerNetworkAndTranslatedLikeTheirRange() {
    assertThat(LocalNetworks.hostIn("192.168.1.0/24", 0)).isEqualTo("192.168.1.10");
    assertThat(LocalNetworks.hostIn("192.168.1.0/24", 2)).isEqualTo("192.168.1.12");
    assertThat(LocalNetworks.hostIn("10.0.0.0/30", 0)).isEqualTo("10.0.0.1");
    assertThat(LocalNetworks.translate("192.168.1.12", "192.168.1.0/24", "100.64.0.0/24"))
        .isEqualTo("100.64.0.12");
    assertThat(LocalNetworks.contains("10.1.0.0/16", "10.1.200.3")).isTrue();
    assertThat(LocalNetworks.contains("10.1.0.0/16", "10.2.0.1")).isFalse();
  }
}
