package io.vth.operator.reconciler;

import io.smallrye.config.ConfigMapping;
import io.vth.operator.model.OperatorSettings;

/** The operator's own configuration properties, prefix {@code vth}. */
@ConfigMapping(prefix = "vth")
public interface VthConfig {

  /** Images of the cell's pods. */
  Images images();

  /** Type of attachments' Services: ClusterIP, NodePort or LoadBalancer. */
  String endpointServiceType();

  /** Leader election among operator replicas. */
  LeaderElection leaderElection();

  /** Leader election among operator replicas. */
  interface LeaderElection {
    /** Name of the Lease the leader holds, in the operator's namespace. */
    String leaseName();
  }

  /** Images of the cell's pods. */
  interface Images {
    /** Image of decision pods. */
    String decision();

    /** Image of dataplane pods. */
    String dataplane();

    /** Pull policy of both. */
    String pullPolicy();
  }

  /** These properties as the model's settings. */
  default OperatorSettings settings() {
    return new OperatorSettings(
        images().decision(), images().dataplane(), images().pullPolicy(), endpointServiceType());
  }
}
