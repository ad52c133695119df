package io.vth.e2e.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.e2e.lab.NeedsNetns;
import io.vth.e2e.lab.Network;
import io.vth.e2e.lab.PingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stopping one of two decision pods does not stop traffic: new flows are decided by the other. */
@NeedsNetns(binaries = {"ping"})
class DecisionFailoverE2E {

  @Test
  void newFlowsAreDecidedByTheRemainingDecisionPod() throws Exception {
    try (HubFixture hub = new HubFixture()) {
      Network a =
          hub.network(
              "a", 1001, "192.168.1.0/24", "192.168.1.10", "169.254.10.1/30", "10.10.1.0/24");
      Network b =
          hub.network("b", 1002, "10.10.1.0/24", "10.10.1.10", "169.254.20.1/30", "192.168.1.0/24");
      hub.publish(
          List.of(
              new Domain(
                  "default",
                  List.of(Route.to("192.168.1.0/24", "e2e/a"), Route.to("10.10.1.0/24", "e2e/b")))),
          List.of(HubFixture.attachment(a, "default"), HubFixture.attachment(b, "default")));
      hub.startPods(2);
      assertThat(hub.lab.ping(a, "10.10.1.10", 2).received()).isEqualTo(2);

      hub.stopDecisionPod(0);

      // Each ping run is a new flow (a new ICMP identifier), so each needs a decision.
      for (int run = 0; run < 3; run++) {
        PingResult r = hub.lab.ping(a, "10.10.1.10", 2);
        assertThat(r.received()).as("run %d: %s", run, r.raw()).isEqualTo(2);
      }
      assertThat(hub.dropped("no_decision")).isZero();
    }
  }
}
