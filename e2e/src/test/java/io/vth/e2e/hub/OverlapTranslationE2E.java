package io.vth.e2e.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.e2e.lab.NeedsNetns;
import io.vth.e2e.lab.Network;
import io.vth.e2e.lab.ProcessResult;
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

  @BeforeAll
  void start() throws Exception {
    hub = new HubFixture();
    OverlappingNetworks nets = OverlappingNetworks.create(hub, 2001);
    a = nets.a();
    b = nets.b();
    c = nets.c();
    hub.publish(nets.domains(), nets.attachments(), nets.translations());
    hub.startPods(1);
    nets.startResponders(hub);
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
