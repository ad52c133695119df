package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired workloads of a cell: per zone a Deployment of dataplane pods and one of decision pods
 * pinned to the zone, a PodDisruptionBudget for each, and the headless Services of decision pods
 * and of dataplane pods (which share learned neighbours with each other). The pods run as the
 * cell's own ServiceAccount ({@link CellAccess}), under the Pod Security Standard {@code
 * restricted}, with a memory limit their JVM sizes its heap from.
 */
public final class CellWorkloads {

  /** The node label that names a node (one topology domain per node). */
  static final String HOSTNAME = "kubernetes.io/hostname";

  private static final String TMP_VOLUME = "tmp";
  private static final String KEY_VOLUME = "cell-key";

  private CellWorkloads() {}

  /** The Deployments of {@code layout} for {@code hub}, dataplane then decision per zone. */
  public static List<Deployment> deployments(
      VirtualTrafficHub hub, CellLayout layout, OperatorSettings settings) {
    List<Deployment> out = new ArrayList<>();
    for (String zone : layout.zones()) {
      out.add(deployment(hub, layout, zone, CellLabels.ROLE_DATAPLANE, settings));
      out.add(deployment(hub, layout, zone, CellLabels.ROLE_DECISION, settings));
    }
    return out;
  }

  /** One PodDisruptionBudget per Deployment: at most one pod of it down at a time. */
  public static List<PodDisruptionBudget> disruptionBudgets(
      VirtualTrafficHub hub, CellLayout layout) {
    List<PodDisruptionBudget> out = new ArrayList<>();
    for (String zone : layout.zones()) {
      for (String role : List.of(CellLabels.ROLE_DATAPLANE, CellLabels.ROLE_DECISION)) {
        String name = ObjectNames.workload(layout.cell(), role, ObjectNames.zoneSuffix(zone));
        out.add(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(hub.getMetadata().getNamespace())
                .withLabels(labels(layout.cell(), role, zone))
                .withOwnerReferences(Owners.controller(hub))
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .withMatchLabels(CellLabels.podSelector(layout.cell(), role, zone))
                .endSelector()
                .endSpec()
                .build());
      }
    }
    return out;
  }

  /** The headless Service selecting the cell's decision pods, which dataplane pods resolve. */
  public static Service decisionService(VirtualTrafficHub hub, CellLayout layout) {
    return headlessService(
        hub,
        layout,
        ObjectNames.decisionService(layout.cell()),
        CellLabels.ROLE_DECISION,
        "query",
        CellLabels.QUERY_PORT);
  }

  /**
   * The headless Service selecting the cell's dataplane pods, through which each finds the others
   * to share learned neighbours. It lists pods before they are ready, so a starting pod gets the
   * table before it serves.
   */
  public static Service dataplanePeerService(VirtualTrafficHub hub, CellLayout layout) {
    Service service =
        headlessService(
            hub,
            layout,
            ObjectNames.dataplanePeerService(layout.cell()),
            CellLabels.ROLE_DATAPLANE,
            "peer",
            CellLabels.PEER_PORT);
    service.getSpec().setPublishNotReadyAddresses(true);
    return service;
  }

  private static Service headlessService(
      VirtualTrafficHub hub,
      CellLayout layout,
      String name,
      String role,
      String portName,
      int port) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(hub.getMetadata().getNamespace())
        .withLabels(CellLabels.common(layout.cell(), role))
        .withOwnerReferences(Owners.controller(hub))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(CellLabels.roleSelector(layout.cell(), role))
        .addNewPort()
        .withName(portName)
        .withProtocol("UDP")
        .withPort(port)
        .withTargetPort(new IntOrString(port))
        .endPort()
        .endSpec()
        .build();
  }

  /** The DNS name of the decision Service, as dataplane pods are told it. */
  public static String decisionServiceHost(VirtualTrafficHub hub, CellLayout layout) {
    return serviceHost(hub, ObjectNames.decisionService(layout.cell()));
  }

  private static String serviceHost(VirtualTrafficHub hub, String service) {
    return service + "." + hub.getMetadata().getNamespace() + ".svc";
  }

  private static Deployment deployment(
      VirtualTrafficHub hub,
      CellLayout layout,
      String zone,
      String role,
      OperatorSettings settings) {
    String ns = hub.getMetadata().getNamespace();
    boolean dataplane = role.equals(CellLabels.ROLE_DATAPLANE);
    Container container = container(hub, layout, zone, role, settings);
    Map<String, String> podLabels = labels(layout.cell(), role, zone);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(ObjectNames.workload(layout.cell(), role, ObjectNames.zoneSuffix(zone)))
        .withNamespace(ns)
        .withLabels(podLabels)
        .withOwnerReferences(Owners.controller(hub))
        .endMetadata()
        .withNewSpec()
        .withReplicas(dataplane ? layout.dataplanePerZone() : layout.decisionPerZone())
        .withNewSelector()
        .withMatchLabels(CellLabels.podSelector(layout.cell(), role, zone))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(Map.of(CellLabels.START_CONFIG_HASH, startHash(container)))
        .endMetadata()
        .withSpec(podSpec(layout, zone, role, container, settings.pods()))
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The pod around {@code container}: the cell's ServiceAccount, a restricted security context, a
   * writable {@code /tmp}, the installer's placement (node selector, tolerations, priority, pull
   * secrets), the zone pin and a spread over the zone's nodes.
   */
  private static PodSpec podSpec(
      CellLayout layout, String zone, String role, Container container, CellPodSettings pods) {
    PodSpecBuilder spec =
        new PodSpecBuilder()
            .withServiceAccountName(ObjectNames.cellServiceAccount(layout.cell()))
            .withAutomountServiceAccountToken(true)
            .withEnableServiceLinks(false)
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(pods.runAsUser())
            .withRunAsGroup(pods.runAsUser())
            .withFsGroup(pods.runAsUser())
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .withAffinity(layout.pinned() ? zoneAffinity(zone) : null)
            .withTopologySpreadConstraints(spreadOverNodes(layout.cell(), role, zone))
            .withContainers(container)
            .addNewVolume()
            .withName(TMP_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("64Mi"))
            .endEmptyDir()
            .endVolume()
            .addNewVolume()
            .withName(KEY_VOLUME)
            .withNewSecret()
            .withSecretName(ObjectNames.cellKeySecret(layout.cell()))
            .addNewItem()
            .withKey(CellAccess.KEY_ITEM)
            .withPath(CellAccess.KEY_ITEM)
            .endItem()
            .withDefaultMode(0440)
            .endSecret()
            .endVolume()
            .withTerminationGracePeriodSeconds(10L);
    if (!pods.nodeSelector().isEmpty()) {
      spec.withNodeSelector(new LinkedHashMap<>(pods.nodeSelector()));
    }
    if (!pods.tolerations().isEmpty()) {
      spec.withTolerations(pods.tolerations());
    }
    if (pods.priorityClassName() != null && !pods.priorityClassName().isBlank()) {
      spec.withPriorityClassName(pods.priorityClassName());
    }
    for (String secret : pods.imagePullSecrets()) {
      spec.addNewImagePullSecret(secret);
    }
    return spec.build();
  }

  /**
   * Pods of one Deployment spread over the nodes of their zone (at most one more on any node than
   * on another), preferred rather than required so that a full or cordoned node never leaves a pod
   * pending.
   */
  private static TopologySpreadConstraint spreadOverNodes(String cell, String role, String zone) {
    return new TopologySpreadConstraintBuilder()
        .withMaxSkew(1)
        .withTopologyKey(HOSTNAME)
        .withWhenUnsatisfiable("ScheduleAnyway")
        .withNewLabelSelector()
        .withMatchLabels(CellLabels.podSelector(cell, role, zone))
        .endLabelSelector()
        .build();
  }

  /**
   * JVM options for a container with a memory limit: the heap as a share of the limit, and an exit
   * (so the kubelet restarts the pod) rather than a half-working JVM on OutOfMemoryError; no
   * performance-data file, since the root filesystem is read-only.
   */
  static String jvmOptions(CellPodSettings pods) {
    return "-XX:MaxRAMPercentage="
        + pods.heapPercent()
        + " -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp";
  }

  private static Container container(
      VirtualTrafficHub hub,
      CellLayout layout,
      String zone,
      String role,
      OperatorSettings settings) {
    boolean dataplane = role.equals(CellLabels.ROLE_DATAPLANE);
    String configMap =
        hub.getMetadata().getNamespace() + "/" + ObjectNames.decisionConfig(layout.cell());
    Map<String, String> options = new LinkedHashMap<>();
    options.put("configmap", configMap);
    options.put("cell", layout.cell());
    options.put("zone", zone);
    if (dataplane) {
      options.put("decision-service", decisionServiceHost(hub, layout));
      options.put(
          "peer-service", serviceHost(hub, ObjectNames.dataplanePeerService(layout.cell())));
    } else {
      options.put("udp-port", Integer.toString(CellLabels.QUERY_PORT));
    }
    options.put("http-port", Integer.toString(CellLabels.HTTP_PORT));
    options.put("cell-key-file", CellAccess.KEY_DIRECTORY + "/" + CellAccess.KEY_ITEM);
    List<String> args = new ArrayList<>();
    List<EnvVar> env = new ArrayList<>();
    options.forEach(
        (name, value) -> {
          args.add("--" + name);
          args.add(value);
          env.add(new EnvVar("VTH_" + name.toUpperCase().replace('-', '_'), value, null));
        });
    env.add(new EnvVar("JAVA_TOOL_OPTIONS", jvmOptions(settings.pods()), null));
    env.add(
        new EnvVarBuilder()
            .withName("VTH_POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .build());
    ContainerBuilder c =
        new ContainerBuilder()
            .withName(role)
            .withImage(dataplane ? settings.dataplaneImage() : settings.decisionImage())
            .withImagePullPolicy(settings.pullPolicy())
            .withArgs(args)
            .withEnv(env)
            .addNewPort()
            .withName("http")
            .withContainerPort(CellLabels.HTTP_PORT)
            .withProtocol("TCP")
            .endPort()
            .withStartupProbe(startupProbe())
            .withReadinessProbe(probe("/readyz"))
            .withLivenessProbe(probe("/healthz"))
            .withResources(resources(settings.pods().of(role)))
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withRunAsNonRoot(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .addNewVolumeMount()
            .withName(TMP_VOLUME)
            .withMountPath("/tmp")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName(KEY_VOLUME)
            .withMountPath(CellAccess.KEY_DIRECTORY)
            .withReadOnly(true)
            .endVolumeMount();
    if (dataplane) {
      c.addNewPort()
          .withName("vxlan")
          .withContainerPort(CellLabels.VXLAN_PORT)
          .withProtocol("UDP")
          .endPort()
          .addNewPort()
          .withName("peer")
          .withContainerPort(CellLabels.PEER_PORT)
          .withProtocol("UDP")
          .endPort();
    } else {
      c.addNewPort()
          .withName("query")
          .withContainerPort(CellLabels.QUERY_PORT)
          .withProtocol("UDP")
          .endPort();
    }
    return c.build();
  }

  private static ResourceRequirements resources(CellPodSettings.Resources r) {
    Quantity memory = new Quantity(r.memory());
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(r.cpu()))
        .addToRequests("memory", memory)
        .addToLimits("memory", memory)
        .build();
  }

  /**
   * Liveness is judged only once the pod answers at all: a JVM starting on a busy node (or one with
   * a small CPU request) may take tens of seconds, which the liveness probe alone would punish with
   * restarts before it ever serves. Up to three minutes.
   */
  private static Probe startupProbe() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(2)
        .withFailureThreshold(90)
        .build();
  }

  private static Probe probe(String path) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(5)
        .build();
  }

  private static Affinity zoneAffinity(String zone) {
    return new AffinityBuilder()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey(CellLabels.TOPOLOGY_ZONE)
        .withOperator("In")
        .withValues(zone)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .build();
  }

  private static Map<String, String> labels(String cell, String role, String zone) {
    Map<String, String> labels = CellLabels.common(cell, role);
    labels.putAll(CellLabels.podSelector(cell, role, zone));
    return labels;
  }

  /** A hash of what the pod needs at start (image, arguments, environment, resources). */
  private static String startHash(Container c) {
    String text =
        c.getImage()
            + "\n"
            + c.getImagePullPolicy()
            + "\n"
            + c.getArgs()
            + "\n"
            + c.getEnv()
            + "\n"
            + c.getResources();
    return ObjectNames.sha256(text).substring(0, 16);
  }
}
