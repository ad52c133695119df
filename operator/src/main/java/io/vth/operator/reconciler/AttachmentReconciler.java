package io.vth.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.vth.api.v1alpha1.ApiConstants;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentStatus;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.operator.model.AttachmentEndpoints;
import io.vth.operator.model.AttachmentPlan;
import io.vth.operator.model.AttachmentStatuses;
import io.vth.operator.model.CellLabels;
import io.vth.operator.model.ConditionSet;
import io.vth.operator.model.EndpointReach;
import io.vth.operator.model.HubPlan;
import io.vth.operator.model.HubPlanner;
import io.vth.operator.model.ObjectNames;
import io.vth.operator.model.OperatorSettings;
import io.vth.operator.model.Problem;
import io.vth.operator.model.RouteTables;
import io.vth.operator.model.ShardCandidate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reconciles an attachment: plans its hub the same way the hub reconciler does, then writes its
 * Service and EndpointSlice (its shuffle shard), its route table ConfigMap, and its status. Any
 * change of the hub, of another attachment of the hub, or of the cell's dataplane pods re-runs it.
 * Its finalizer removes the Service and EndpointSlice, which live in the hub's namespace.
 */
@ControllerConfiguration(name = "attachment")
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"virtualtraffichubs"},
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"translationmappings"},
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "",
    resources = {"services", "configmaps"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = "discovery.k8s.io",
    resources = {"endpointslices"},
    verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(
    apiGroups = "",
    resources = {"pods", "namespaces", "nodes"},
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "",
    resources = {"events"},
    verbs = {"create", "patch"})
public class AttachmentReconciler implements Reconciler<HubAttachment>, Cleaner<HubAttachment> {

  private final KubernetesClient client;
  private final ClusterReader reader;
  private final ObjectWriter writer;
  private final EventRecorder events;
  private final OperatorSettings settings;

  AttachmentReconciler(
      KubernetesClient client,
      ClusterReader reader,
      ObjectWriter writer,
      EventRecorder events,
      VthConfig config) {
    this.client = client;
    this.reader = reader;
    this.writer = writer;
    this.events = events;
    // Read once: the settings (JSON-valued properties among them) do not change while running.
    this.settings = config.settings();
  }

  @Override
  public List<EventSource<?, HubAttachment>> prepareEventSources(
      EventSourceContext<HubAttachment> context) {
    var cache = context.getPrimaryCache();
    var hubs =
        InformerEventSourceConfiguration.from(VirtualTrafficHub.class, HubAttachment.class)
            .withName("attachment-hubs")
            .withSecondaryToPrimaryMapper(
                h -> Mapping.attachmentsOf(Set.of(Mapping.resourceId(h)), cache))
            .build();
    var siblings =
        InformerEventSourceConfiguration.from(HubAttachment.class, HubAttachment.class)
            .withName("attachment-siblings")
            .withSecondaryToPrimaryMapper(a -> Mapping.attachmentsOf(Mapping.hubOf(a), cache))
            .build();
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, HubAttachment.class)
            .withName("attachment-pods")
            .withLabelSelector(CellLabels.ROLE + "=" + CellLabels.ROLE_DATAPLANE)
            .withSecondaryToPrimaryMapper(p -> Mapping.attachmentsOf(Mapping.hubOfCell(p), cache))
            .build();
    var mappings =
        InformerEventSourceConfiguration.from(TranslationMapping.class, HubAttachment.class)
            .withName("attachment-mappings")
            .withSecondaryToPrimaryMapper(m -> Mapping.attachmentsOf(Mapping.hubOf(m), cache))
            .build();
    var services =
        InformerEventSourceConfiguration.from(Service.class, HubAttachment.class)
            .withName("attachment-services")
            .withLabelSelector(CellLabels.COMPONENT + "=" + AttachmentEndpoints.COMPONENT)
            .withSecondaryToPrimaryMapper(Mapping::attachmentOfEndpoint)
            .build();
    return List.of(
        new InformerEventSource<>(services, context),
        new InformerEventSource<>(hubs, context),
        new InformerEventSource<>(siblings, context),
        new InformerEventSource<>(pods, context),
        new InformerEventSource<>(mappings, context));
  }

  @Override
  public UpdateControl<HubAttachment> reconcile(
      HubAttachment attachment, Context<HubAttachment> context) {
    String ns = attachment.getMetadata().getNamespace();
    String ref = HubPlanner.ref(attachment);
    String hubRef =
        ClusterReader.hubNamespace(ns, attachment.getSpec().hubRef)
            + "/"
            + attachment.getSpec().hubRef.name;
    String routeTable = ns + "/" + ObjectNames.routeTable(attachment.getMetadata().getName());
    VirtualTrafficHub hub = reader.hub(ns, attachment.getSpec().hubRef);
    AttachmentPlan plan;
    EndpointReach endpoint = null;
    if (hub == null) {
      plan = detached(attachment, ref, hubRef);
    } else {
      String cell = ObjectNames.cell(hub.getMetadata().getName());
      List<ShardCandidate> pods = reader.dataplanePods(hub.getMetadata().getNamespace(), cell);
      List<HubAttachment> all = reader.attachmentsOf(hub);
      HubPlan hubPlan =
          HubPlanner.plan(
              new HubPlanner.Inputs(
                  hub, all, pods, reader.namespaceLabels(hub, all), reader.mappingsOf(hub)));
      plan = hubPlan.attachment(ref).orElseGet(() -> detached(attachment, ref, hubRef));
      endpoint = publishEndpoint(hub, attachment, plan, pods);
    }
    writer.apply(RouteTables.desired(hubRef, plan));
    HubAttachmentStatus status =
        AttachmentStatuses.of(plan, hubRef, endpoint, routeTable, Instant.now());
    if (!StatusDiff.changed(attachment.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    recordTransitions(attachment, status);
    if (!status.overlaps.isEmpty()
        && (attachment.getStatus() == null
            || StatusDiff.changed(attachment.getStatus().overlaps, status.overlaps))) {
      var resolved = ConditionSet.find(status.conditions, AttachmentStatuses.ADDRESSES_RESOLVED);
      events.warning(
          attachment,
          OverlapEvents.DETECTED,
          OverlapEvents.describe(status.overlaps) + ": " + resolved.message);
    }
    HubAttachment patch = new HubAttachment();
    patch.setMetadata(attachment.getMetadata());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }

  @Override
  public DeleteControl cleanup(HubAttachment attachment, Context<HubAttachment> context) {
    String hubNs =
        ClusterReader.hubNamespace(
            attachment.getMetadata().getNamespace(), attachment.getSpec().hubRef);
    String hubName = attachment.getSpec().hubRef.name;
    String service = AttachmentEndpoints.serviceName(hubName, attachment);
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace(hubNs)
        .withName(ObjectNames.attachmentEndpointSlice(service))
        .delete();
    client.services().inNamespace(hubNs).withName(service).delete();
    client
        .configMaps()
        .inNamespace(attachment.getMetadata().getNamespace())
        .withName(ObjectNames.routeTable(attachment.getMetadata().getName()))
        .delete();
    events.normal(attachment, "Detached", "attachment removed from hub " + hubNs + "/" + hubName);
    return DeleteControl.defaultDelete();
  }

  /**
   * Writes the Service and EndpointSlice of a connected attachment, or removes them; where the
   * network reaches the Service.
   */
  private EndpointReach publishEndpoint(
      VirtualTrafficHub hub,
      HubAttachment attachment,
      AttachmentPlan plan,
      List<ShardCandidate> pods) {
    String hubNs = hub.getMetadata().getNamespace();
    String name = AttachmentEndpoints.serviceName(hub.getMetadata().getName(), attachment);
    if (!plan.accepted()) {
      client
          .discovery()
          .v1()
          .endpointSlices()
          .inNamespace(hubNs)
          .withName(ObjectNames.attachmentEndpointSlice(name))
          .delete();
      client.services().inNamespace(hubNs).withName(name).delete();
      return null;
    }
    writer.apply(AttachmentEndpoints.service(hub, attachment, settings));
    Map<String, ShardCandidate> byName =
        pods.stream().collect(Collectors.toMap(ShardCandidate::name, Function.identity()));
    List<ShardCandidate> shard = plan.shard().stream().map(byName::get).toList();
    EndpointSlice slice = AttachmentEndpoints.endpointSlice(hub, attachment, shard);
    writer.apply(slice);
    Service written = client.services().inNamespace(hubNs).withName(name).get();
    return written == null
        ? EndpointReach.pending("Service " + hubNs + "/" + name + " not created yet")
        : EndpointReach.of(written, shard, reader.nodeAddresses());
  }

  private static AttachmentPlan detached(HubAttachment a, String ref, String hubRef) {
    Problem p =
        new Problem(
            AttachmentStatuses.HUB_NOT_FOUND, "spec.hubRef: hub \"" + hubRef + "\" does not exist");
    return new AttachmentPlan(ref, a, p, null, null, null, List.of(), List.of(), List.of(), null);
  }

  private void recordTransitions(HubAttachment a, HubAttachmentStatus status) {
    for (String type : List.of(AttachmentStatuses.ACCEPTED, AttachmentStatuses.READY)) {
      if (StatusDiff.transitioned(a.getStatus(), status, type)) {
        var c = ConditionSet.find(status.conditions, type);
        if (c.status == Condition.Status.True) {
          events.normal(a, c.reason, c.message);
        } else {
          events.warning(a, c.reason, c.message);
        }
      }
    }
  }
}
