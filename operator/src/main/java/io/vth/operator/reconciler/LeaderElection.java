package io.vth.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Turns on leader election: only the replica holding the Lease reconciles. The Operator SDK
 * activates it in the profiles of {@code
 * quarkus.operator-sdk.activate-leader-election-for-profiles} (prod).
 */
@ApplicationScoped
public class LeaderElection {

  @Produces
  @ApplicationScoped
  LeaderElectionConfiguration leaderElection(VthConfig config) {
    return new LeaderElectionConfiguration(config.leaderElection().leaseName());
  }
}
