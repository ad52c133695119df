package io.vth.operator.reconciler;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.Toleration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vth.operator.model.CellPodSettings;
import io.vth.operator.model.OperatorSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operator's own configuration properties, prefix {@code vth}. */
@ConfigMapping(prefix = "vth")
public interface VthConfig {

  /** Images of the cell's pods. */
  Images images();

  /** Type of attachments' Services when a hub names none: ClusterIP, NodePort or LoadBalancer. */
  String endpointServiceType();

  /** How every cell's pods run. */
  Cell cell();

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

  /** How cell pods run: resources, placement, identity (the chart's {@code cell} values). */
  interface Cell {
    /** Resources of decision pods. */
    Resources decision();

    /** Resources of dataplane pods. */
    Resources dataplane();

    /** Comma-separated names of pull Secrets, in each hub's namespace. */
    Optional<List<String>> imagePullSecrets();

    /** Node selector as a JSON object, e.g. {@code {"node-role/network":"true"}}. */
    Optional<String> nodeSelector();

    /** Tolerations as a JSON array of Kubernetes tolerations. */
    Optional<String> tolerations();

    /** Priority class of cell pods. */
    Optional<String> priorityClassName();

    /** The non-root user id the pods run as. */
    @WithDefault("65532")
    long runAsUser();

    /** JVM heap as a percentage of the container's memory limit. */
    @WithDefault("50")
    int heapPercent();

    /**
     * Whether each cell gets a NetworkPolicy admitting only its own pods and the tunnel and HTTP
     * ports; when off, one applied before is deleted.
     */
    @WithDefault("true")
    boolean networkPolicy();
  }

  /** CPU request and memory request and limit of one pod. */
  interface Resources {
    /** CPU request. */
    String cpu();

    /** Memory request and limit. */
    String memory();
  }

  /** These properties as the model's settings. */
  default OperatorSettings settings() {
    Cell c = cell();
    CellPodSettings pods =
        new CellPodSettings(
            new CellPodSettings.Resources(c.decision().cpu(), c.decision().memory()),
            new CellPodSettings.Resources(c.dataplane().cpu(), c.dataplane().memory()),
            c.imagePullSecrets().orElse(List.of()).stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList(),
            JsonProperty.parse(
                "vth.cell.node-selector",
                c.nodeSelector(),
                new TypeReference<Map<String, String>>() {},
                Map.of()),
            JsonProperty.parse(
                "vth.cell.tolerations",
                c.tolerations(),
                new TypeReference<List<Toleration>>() {},
                List.of()),
            c.priorityClassName().filter(s -> !s.isBlank()).orElse(null),
            c.runAsUser(),
            c.heapPercent());
    return new OperatorSettings(
        images().decision(),
        images().dataplane(),
        images().pullPolicy(),
        endpointServiceType(),
        pods,
        c.networkPolicy());
  }
}
