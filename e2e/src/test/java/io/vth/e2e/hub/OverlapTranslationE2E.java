package io.vth.e2e.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfig.Translation;
import io.vth.e2e.lab.BackgroundProcess;
import io.vth.e2e.lab.NeedsNetns;
import io.vth.e2e.lab.Network;
import io.vth.e2e.lab.ProcessResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Overlapping ranges with real kernels: B and C both really use 192.168.1.0/24 (host .10 in each);
 * the hub translates B to 100.64.1.0/24 and C to 100.64.2.0/24, so A reaches each by its translated
 * address.
 */
@NeedsNetns(binaries = {"ping", "bash", "ss"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverlapTranslationE2E {

  private HubFixture hub;
  private Network a;
  private Network b;
  private Network c;
  private BackgroundProcess responderB;
  private BackgroundProcess responderC;

  @BeforeAll
  void start() throws Exception {
    hub = new HubFixture();
    a =
        hub.network(
            "a",
            2001,
            "10.1.0.0/16",
            "10.1.0.10",
            "169.254.10.1/30",
            "100.64.1.0/24",
            "100.64.2.0/24");
    b = hub.network("b", 2002, "192.168.1.0/24", "192.168.1.10", "169.254.20.1/30", "10.1.0.0/16");
    c = hub.network("c", 2003, "192.168.1.0/24", "192.168.1.10", "169.254.30.1/30", "10.1.0.0/16");
    hub.publish(
        List.of(
            new Domain(
                "default",
                List.of(
                    Route.to("10.1.0.0/16", "e2e/a"),
                    Route.to("100.64.1.0/24", "e2e/b"),
                    Route.to("100.64.2.0/24", "e2e/c")))),
        List.of(
            HubFixture.attachment(a, "default"),
            HubFixture.attachment(b, "default"),
            HubFixture.attachment(c, "default")),
        List.of(
            new Translation("e2e/b", "192.168.1.0/24", "100.64.1.0/24"),
            new Translation("e2e/c", "192.168.1.0/24", "100.64.2.0/24")));
    hub.startPods(1);
    responderB = hub.responder(b, 7777, "network-b");
    responderC = hub.responder(c, 7777, "network-c");
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void eachTranslatedAddressReachesTheRightNetworksHost() {
    ProcessResult toB = hub.udpAsk(a, "100.64.1.10", 7777);
    ProcessResult toC = hub.udpAsk(a, "100.64.2.10", 7777);
    assertThat(toB.stdout()).as(toB.describe()).isEqualTo("network-b");
    assertThat(toC.stdout()).as(toC.describe()).isEqualTo("network-c");
  }

  @Test
  void bothOverlappingNetworksReachATheSameTime() {
    CompletableFuture<Integer> fromB =
        CompletableFuture.supplyAsync(() -> hub.lab.ping(b, "10.1.0.10", 3).received());
    CompletableFuture<Integer> fromC =
        CompletableFuture.supplyAsync(() -> hub.lab.ping(c, "10.1.0.10", 3).received());
    assertThat(fromB.join()).isEqualTo(3);
    assertThat(fromC.join()).isEqualTo(3);
  }

  @Test
  void anIcmpErrorComesBackWithItsQuotedHeaderTranslated() {
    // Port 9 is closed on B's host: B's kernel answers port unreachable, quoting the datagram as it
    // arrived (to 192.168.1.10). A's kernel matches the error to its socket only if the hub
    // translated the quoted destination back to 100.64.1.10.
    ProcessResult r = hub.udpAsk(a, "100.64.1.10", 9);
    assertThat(r.stderr()).as(r.describe()).contains("Connection refused");
  }
}
