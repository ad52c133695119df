package io.vth.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.vth.api.v1alpha1.ApiConstants;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.TranslationMappingStatus;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.api.v1alpha1.VirtualTrafficHubStatus;
import io.vth.core.seal.CellKeys;
import io.vth.operator.model.CellAccess;
import io.vth.operator.model.CellLabels;
import io.vth.operator.model.CellLayout;
import io.vth.operator.model.CellNetworkPolicy;
import io.vth.operator.model.CellWorkloads;
import io.vth.operator.model.ConditionSet;
import io.vth.operator.model.ConfigGeneration;
import io.vth.operator.model.DecisionConfigMaps;
import io.vth.operator.model.HubPlan;
import io.vth.operator.model.HubPlanner;
import io.vth.operator.model.HubStatuses;
import io.vth.operator.model.MappingStatuses;
import io.vth.operator.model.ObjectNames;
import io.vth.operator.model.OperatorSettings;
import io.vth.operator.model.OverlapResolver;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reconciles a hub: gives its cell's pods an identity that may read only the cell's config, admits
 * only the cell's own pods and the tunnel and HTTP ports to them (a NetworkPolicy, unless turned
 * off), schedules the cell across zones, plans its attachments (and its DNS policy) and publishes
 * the decision config with a generation that only grows, then reports the hub's status. A change of
 * any DNS policy of the hub re-runs it, so the document's DNS rules follow.
 */
@ControllerConfiguration(name = "hub")
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"hubattachments"},
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"dnspolicies"},
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"translationmappings"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"translationmappings/status"},
    verbs = {"get", "update", "patch"})
@RBACRule(
    apiGroups = "apps",
    resources = {"deployments"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = "policy",
    resources = {"poddisruptionbudgets"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = "",
    resources = {"services", "configmaps"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = "",
    resources = {"serviceaccounts"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = "",
    resources = {"secrets"},
    verbs = {"get", "create"})
@RBACRule(
    apiGroups = "rbac.authorization.k8s.io",
    resources = {"roles", "rolebindings"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = "networking.k8s.io",
    resources = {"networkpolicies"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = "",
    resources = {"pods", "nodes", "namespaces"},
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "",
    resources = {"events"},
    verbs = {"create", "patch"})
@RBACRule(
    apiGroups = "coordination.k8s.io",
    resources = {"leases"},
    verbs = {"get", "create", "update", "patch"})
public class HubReconciler implements Reconciler<VirtualTrafficHub> {

  private static final Logger LOG = Logger.getLogger(HubReconciler.class);

  private final KubernetesClient client;
  private final ClusterReader reader;
  private final ObjectWriter writer;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final OperatorSettings settings;

  @Inject
  HubReconciler(
      KubernetesClient client,
      ClusterReader reader,
      ObjectWriter writer,
      EventRecorder events,
      OperatorMetrics metrics,
      VthConfig config) {
    // Read once: the settings (JSON-valued properties among them) do not change while running.
    this(client, reader, writer, events, metrics, config.settings());
  }

  /** A reconciler with {@code settings} rather than the configured ones (tests run one beside). */
  HubReconciler(
      KubernetesClient client,
      ClusterReader reader,
      ObjectWriter writer,
      EventRecorder events,
      OperatorMetrics metrics,
      OperatorSettings settings) {
    this.client = client;
    this.reader = reader;
    this.writer = writer;
    this.events = events;
    this.metrics = metrics;
    this.settings = settings;
  }

  @Override
  public List<EventSource<?, VirtualTrafficHub>> prepareEventSources(
      EventSourceContext<VirtualTrafficHub> context) {
    var attachments =
        InformerEventSourceConfiguration.from(HubAttachment.class, VirtualTrafficHub.class)
            .withName("hub-attachments")
            .withSecondaryToPrimaryMapper(Mapping::hubOf)
            .build();
    var deployments =
        InformerEventSourceConfiguration.from(Deployment.class, VirtualTrafficHub.class)
            .withName("hub-deployments")
            .withLabelSelector(CellLabels.MANAGED_BY + "=" + CellLabels.MANAGER)
            .withSecondaryToPrimaryMapper(Mapping::hubOfCell)
            .build();
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, VirtualTrafficHub.class)
            .withName("hub-pods")
            .withLabelSelector(CellLabels.ROLE + "=" + CellLabels.ROLE_DATAPLANE)
            .withSecondaryToPrimaryMapper(Mapping::hubOfCell)
            .build();
    var nodes =
        InformerEventSourceConfiguration.from(Node.class, VirtualTrafficHub.class)
            .withName("hub-nodes")
            .withSecondaryToPrimaryMapper(
                n ->
                    context
                        .getPrimaryCache()
                        .list()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    var mappings =
        InformerEventSourceConfiguration.from(TranslationMapping.class, VirtualTrafficHub.class)
            .withName("hub-mappings")
            .withSecondaryToPrimaryMapper(Mapping::hubOf)
            .build();
    var dnsPolicies =
        InformerEventSourceConfiguration.from(DnsPolicy.class, VirtualTrafficHub.class)
            .withName("hub-dns-policies")
            .withSecondaryToPrimaryMapper(Mapping::hubOf)
            .build();
    return List.of(
        new InformerEventSource<>(dnsPolicies, context),
        new InformerEventSource<>(mappings, context),
        new InformerEventSource<>(attachments, context),
        new InformerEventSource<>(deployments, context),
        new InformerEventSource<>(pods, context),
        new InformerEventSource<>(nodes, context));
  }

  @Override
  public UpdateControl<VirtualTrafficHub> reconcile(
      VirtualTrafficHub hub, Context<VirtualTrafficHub> context) {
    String ns = hub.getMetadata().getNamespace();
    String hubRef = ns + "/" + hub.getMetadata().getName();
    String cell = ObjectNames.cell(hub.getMetadata().getName());
    CellLayout layout =
        CellLayout.of(cell, hub.getSpec() == null ? null : hub.getSpec().cell, reader.nodeZones());
    scheduleCell(hub, layout);

    List<HubAttachment> attachments = reader.attachmentsOf(hub);
    List<TranslationMapping> mappings = reader.mappingsOf(hub);
    HubPlan plan =
        HubPlanner.plan(
            new HubPlanner.Inputs(
                hub,
                attachments,
                reader.dataplanePods(ns, cell),
                reader.namespaceLabels(hub, attachments),
                mappings,
                reader.dnsPoliciesOf(hub)));
    writeMappings(hubRef, plan, mappings);

    Long statusGeneration = hub.getStatus() == null ? null : hub.getStatus().configGeneration;
    String configMapName = ObjectNames.decisionConfig(cell);
    ConfigMap current = client.configMaps().inNamespace(ns).withName(configMapName).get();
    ConfigGeneration.Decision decision =
        ConfigGeneration.decide(plan.config(), current, statusGeneration);
    writer.apply(DecisionConfigMaps.desired(hub, cell, plan.config(), decision));
    if (decision.changed()) {
      LOG.infof("hub %s: published decision config generation %d", hubRef, decision.generation());
      metrics.published(hubRef, decision.generation());
      events.normal(
          hub,
          "ConfigPublished",
          "decision config generation " + decision.generation() + " in ConfigMap " + configMapName);
    }
    metrics.attachments(
        hubRef, plan.accepted().size(), plan.attachments().size() - plan.accepted().size());

    VirtualTrafficHubStatus status =
        HubStatuses.of(
            hub,
            plan,
            layout,
            decision.generation(),
            ns + "/" + configMapName,
            reader.readyReplicas(ns, cell),
            Instant.now());
    if (!StatusDiff.changed(hub.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    if (!status.overlaps.isEmpty()
        && (hub.getStatus() == null
            || StatusDiff.changed(hub.getStatus().overlaps, status.overlaps))) {
      events.warning(
          hub,
          OverlapEvents.DETECTED,
          String.join(
              "; ",
              status.overlaps.stream()
                  .map(o -> o.a + " and " + o.b + " share " + String.join(", ", o.ranges))
                  .toList()));
    }
    if (StatusDiff.transitioned(hub.getStatus(), status, HubStatuses.READY)) {
      var ready = ConditionSet.find(status.conditions, HubStatuses.READY);
      events.normal(hub, ready.reason, ready.message);
    }
    var degraded = ConditionSet.find(status.conditions, HubStatuses.DEGRADED);
    if (StatusDiff.transitioned(hub.getStatus(), status, HubStatuses.DEGRADED)
        && degraded.status == Condition.Status.True) {
      events.warning(hub, degraded.reason, degraded.message);
    }
    VirtualTrafficHub patch = new VirtualTrafficHub();
    patch.setMetadata(hub.getMetadata());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }

  /**
   * Creates the mappings the overlap policy asks for, deletes operator-made ones no longer wanted,
   * and writes every mapping's status.
   */
  private void writeMappings(String hubRef, HubPlan plan, List<TranslationMapping> mappings) {
    OverlapResolver.Result r = plan.overlaps();
    for (TranslationMapping desired : r.desired()) {
      if (writer.apply(desired)) {
        LOG.infof(
            "hub %s: wrote %s translation mapping %s",
            hubRef, desired.getSpec().origin, OverlapResolver.ref(desired));
      }
    }
    for (TranslationMapping m : mappings) {
      String ref = OverlapResolver.ref(m);
      if (r.stale().contains(ref)) {
        LOG.infof("hub %s: deleting translation mapping %s, no longer wanted", hubRef, ref);
        writer.delete(m);
      }
    }
    Instant now = Instant.now();
    for (String ref : r.mappings().keySet()) {
      String[] parts = ref.split("/", 2);
      TranslationMapping current =
          client.resources(TranslationMapping.class).inNamespace(parts[0]).withName(parts[1]).get();
      if (current == null) {
        continue;
      }
      OverlapResolver.MappingVerdict v = r.mappings().get(ref);
      TranslationMappingStatus status = MappingStatuses.of(current, v, now);
      if (!StatusDiff.changed(current.getStatus(), status)) {
        continue;
      }
      if (StatusDiff.transitioned(current.getStatus(), status, MappingStatuses.READY)) {
        if (v.state() == TranslationMappingStatus.State.Active) {
          events.normal(current, "MappingActive", v.message());
        } else {
          events.warning(current, v.reason(), v.message());
        }
      }
      try {
        client
            .resources(TranslationMapping.class)
            .inNamespace(parts[0])
            .withName(parts[1])
            .editStatus(
                m -> {
                  m.setStatus(status);
                  return m;
                });
      } catch (KubernetesClientException e) {
        LOG.debugf("status of mapping %s not written now: %s", ref, e.getMessage());
      }
    }
  }

  /**
   * Creates the cell's key Secret with a new random key when it does not exist; an existing one is
   * left as it is, so a rotation by an administrator is never undone.
   */
  private void createKeySecret(VirtualTrafficHub hub, CellLayout layout) {
    String ns = hub.getMetadata().getNamespace();
    String name = ObjectNames.cellKeySecret(layout.cell());
    if (client.secrets().inNamespace(ns).withName(name).get() == null) {
      try {
        client.resource(CellAccess.keySecret(hub, layout, CellKeys.generate())).create();
        LOG.infof("cell %s: key Secret %s/%s created", layout.cell(), ns, name);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  private void scheduleCell(VirtualTrafficHub hub, CellLayout layout) {
    String ns = hub.getMetadata().getNamespace();
    writer.apply(CellAccess.serviceAccount(hub, layout));
    writer.apply(CellAccess.role(hub, layout));
    writer.apply(CellAccess.roleBinding(hub, layout));
    createKeySecret(hub, layout);
    writer.apply(CellWorkloads.decisionService(hub, layout));
    writer.apply(CellWorkloads.dataplanePeerService(hub, layout));
    writeNetworkPolicy(hub, layout);
    List<Deployment> deployments = CellWorkloads.deployments(hub, layout, settings);
    deployments.forEach(writer::apply);
    List<PodDisruptionBudget> budgets = CellWorkloads.disruptionBudgets(hub, layout);
    budgets.forEach(writer::apply);
    Set<String> wanted =
        deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withLabel(CellLabels.CELL, layout.cell())
        .list()
        .getItems()
        .stream()
        .filter(d -> !wanted.contains(d.getMetadata().getName()))
        .forEach(writer::delete);
    client
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(ns)
        .withLabel(CellLabels.CELL, layout.cell())
        .list()
        .getItems()
        .stream()
        .filter(p -> !wanted.contains(p.getMetadata().getName()))
        .forEach(writer::delete);
  }

  /**
   * Applies the cell's NetworkPolicy, or, when the setting is off, deletes the one this hub applied
   * before (the hub owns it, so deleting the hub removes it in any case).
   */
  private void writeNetworkPolicy(VirtualTrafficHub hub, CellLayout layout) {
    Optional<NetworkPolicy> desired = CellNetworkPolicy.desired(hub, layout, settings);
    if (desired.isPresent()) {
      writer.apply(desired.get());
      return;
    }
    NetworkPolicy current =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(hub.getMetadata().getNamespace())
            .withName(ObjectNames.cellNetworkPolicy(layout.cell()))
            .get();
    if (CellNetworkPolicy.stale(hub, current, settings)) {
      LOG.infof(
          "hub %s/%s: deleting NetworkPolicy %s, cell network policies are off",
          hub.getMetadata().getNamespace(),
          hub.getMetadata().getName(),
          current.getMetadata().getName());
      writer.delete(current);
    }
  }
}
