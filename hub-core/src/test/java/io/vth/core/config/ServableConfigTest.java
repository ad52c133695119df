package io.vth.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfig.Translation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServableConfigTest {

  private static Attachment attachment(String name, int vni, String remote, String gateway) {
    return new Attachment(
        name,
        vni,
        "default",
        remote,
        4789,
        gateway,
        "02:76:74:00:00:01",
        List.of("10." + vni % 250 + ".0.0/16"),
        List.of());
  }

  private static DecisionConfig config(Attachment... attachments) throws InvalidConfigException {
    Hub hub =
        new Hub(
            "net/corp",
            List.of(
                new Domain(
                    "default",
                    List.of(
                        Route.to("10.1.0.0/16", "net/a"),
                        Route.to("10.2.0.0/16", "net/v6"),
                        Route.blackhole("10.9.0.0/16")))),
            List.of(attachments),
            List.of(
                new Translation("net/v6", "10.2.0.0/16", "100.65.0.0/16"),
                new Translation("net/a", "10.1.0.0/16", "100.64.0.0/16")),
            null);
    return DecisionConfigJson.parse(
        DecisionConfigJson.write(new DecisionConfig(1, 7, "corp", List.of(hub))));
  }

  @Test
  void aConfigThePodsCanServeIsServedWhole() throws Exception {
    DecisionConfig whole =
        config(
            attachment("net/a", 1, "192.0.2.1", "169.254.0.1/30"),
            attachment("net/v6", 2, "192.0.2.2", "169.254.0.5/30"));

    ServableConfig servable = ServableConfig.of(whole);

    assertThat(servable.skipped()).isEmpty();
    assertThat(servable.config()).isSameAs(whole);
  }

  @Test
  void anIpv6TunnelIsSkippedAloneItsRoutesBlackholedItsTranslationsGone() throws Exception {
    DecisionConfig withBad =
        config(
            attachment("net/a", 1, "192.0.2.1", "169.254.0.1/30"),
            attachment("net/v6", 2, "2001:db8::2", "169.254.0.5/30"));

    ServableConfig servable = ServableConfig.of(withBad);

    assertThat(servable.skipped())
        .containsExactly(
            "hubs[0].attachments[1] (net/v6).remote: \"2001:db8::2\" is an IPv6 address;"
                + " tunnels are IPv4 only");
    Hub hub = servable.config().hubs().get(0);
    assertThat(hub.attachments()).extracting(Attachment::name).containsExactly("net/a");
    assertThat(hub.domains().get(0).routes())
        .containsExactly(
            Route.to("10.1.0.0/16", "net/a"),
            Route.blackhole("10.2.0.0/16"),
            Route.blackhole("10.9.0.0/16"));
    assertThat(hub.translations()).extracting(Translation::attachment).containsExactly("net/a");
    assertThat(servable.config().generation()).isEqualTo(7);
    // what is left is itself a valid document
    DecisionConfigJson.parse(DecisionConfigJson.write(servable.config()));
  }

  @Test
  void anIpv6GatewayIsNamedToo() throws Exception {
    ServableConfig servable =
        ServableConfig.of(
            config(
                attachment("net/a", 1, "192.0.2.1", "fd00::1/64"),
                attachment("net/v6", 2, "192.0.2.2", "169.254.0.5/30")));

    assertThat(servable.skipped())
        .singleElement()
        .asString()
        .contains("(net/a).gateway: \"fd00::1/64\" is an IPv6 address");
    assertThat(servable.config().hubs().get(0).attachments())
        .extracting(Attachment::name)
        .containsExactly("net/v6");
  }
}
