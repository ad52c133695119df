package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
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
 * pinned to the zone, a PodDisruptionBudget for each, and the headless Service of decision pods.
 */
public final class CellWorkloads {

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
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(ObjectNames.decisionService(layout.cell()))
        .withNamespace(hub.getMetadata().getNamespace())
        .withLabels(CellLabels.common(layout.cell(), CellLabels.ROLE_DECISION))
        .withOwnerReferences(Owners.controller(hub))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(CellLabels.roleSelector(layout.cell(), CellLabels.ROLE_DECISION))
        .addNewPort()
        .withName("query")
        .withProtocol("UDP")
        .withPort(CellLabels.QUERY_PORT)
        .withTargetPort(new IntOrString(CellLabels.QUERY_PORT))
        .endPort()
        .endSpec()
        .build();
  }

  /** The DNS name of the decision Service, as dataplane pods are told it. */
  public static String decisionServiceHost(VirtualTrafficHub hub, CellLayout layout) {
    return ObjectNames.decisionService(layout.cell())
        + "."
        + hub.getMetadata().getNamespace()
        + ".svc";
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
        .withNewSpec()
        .withAffinity(layout.pinned() ? zoneAffinity(zone) : null)
        .withContainers(container)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
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
    } else {
      options.put("udp-port", Integer.toString(CellLabels.QUERY_PORT));
    }
    options.put("http-port", Integer.toString(CellLabels.HTTP_PORT));
    List<String> args = new ArrayList<>();
    List<EnvVar> env = new ArrayList<>();
    options.forEach(
        (name, value) -> {
          args.add("--" + name);
          args.add(value);
          env.add(new EnvVar("VTH_" + name.toUpperCase().replace('-', '_'), value, null));
        });
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
            .withReadinessProbe(probe("/readyz"))
            .withLivenessProbe(probe("/healthz"));
    if (dataplane) {
      c.addNewPort()
          .withName("vxlan")
          .withContainerPort(CellLabels.VXLAN_PORT)
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

  /** A hash of what the pod needs at start (image, arguments, environment). */
  private static String startHash(Container c) {
    String text =
        c.getImage() + "\n" + c.getImagePullPolicy() + "\n" + c.getArgs() + "\n" + c.getEnv();
    return ObjectNames.sha256(text).substring(0, 16);
  }
}
