package io.vth.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.vth.api.v1alpha1.ApiConstants;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.DnsPolicyStatus;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.operator.model.ConditionSet;
import io.vth.operator.model.DnsPolicyResolver;
import io.vth.operator.model.DnsPolicyStatuses;
import io.vth.operator.model.HubPlan;
import io.vth.operator.model.HubPlanner;
import io.vth.operator.model.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Reconciles a DNS policy: plans its hub the same way the hub reconciler does (which compiles the
 * policy in effect into the decision config) and reports the hub's verdict on this policy: {@code
 * Accepted}, {@code Ready} and, in modes Endpoint and Share, the resolver endpoint per network. Any
 * change of the hub, of an attachment or mapping of the hub, or of another policy of the hub
 * re-runs it.
 */
@ControllerConfiguration(name = "dnspolicy")
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"dnspolicies"},
    verbs = {"get", "list", "watch", "patch", "update"})
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"dnspolicies/status"},
    verbs = {"get", "patch", "update"})
@RBACRule(
    apiGroups = ApiConstants.GROUP,
    resources = {"virtualtraffichubs", "hubattachments", "translationmappings"},
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "",
    resources = {"namespaces"},
    verbs = {"get", "list", "watch"})
@RBACRule(
    apiGroups = "",
    resources = {"events"},
    verbs = {"create", "patch"})
public class DnsPolicyReconciler implements Reconciler<DnsPolicy> {

  private final ClusterReader reader;
  private final EventRecorder events;

  DnsPolicyReconciler(ClusterReader reader, EventRecorder events) {
    this.reader = reader;
    this.events = events;
  }

  @Override
  public List<EventSource<?, DnsPolicy>> prepareEventSources(
      EventSourceContext<DnsPolicy> context) {
    var cache = context.getPrimaryCache();
    var hubs =
        InformerEventSourceConfiguration.from(VirtualTrafficHub.class, DnsPolicy.class)
            .withName("dns-hubs")
            .withSecondaryToPrimaryMapper(
                h -> Mapping.policiesOf(Set.of(Mapping.resourceId(h)), cache))
            .build();
    var attachments =
        InformerEventSourceConfiguration.from(HubAttachment.class, DnsPolicy.class)
            .withName("dns-attachments")
            .withSecondaryToPrimaryMapper(a -> Mapping.policiesOf(Mapping.hubOf(a), cache))
            .build();
    var mappings =
        InformerEventSourceConfiguration.from(TranslationMapping.class, DnsPolicy.class)
            .withName("dns-mappings")
            .withSecondaryToPrimaryMapper(m -> Mapping.policiesOf(Mapping.hubOf(m), cache))
            .build();
    var siblings =
        InformerEventSourceConfiguration.from(DnsPolicy.class, DnsPolicy.class)
            .withName("dns-siblings")
            .withSecondaryToPrimaryMapper(p -> Mapping.policiesOf(Mapping.hubOf(p), cache))
            .build();
    return List.of(
        new InformerEventSource<>(hubs, context),
        new InformerEventSource<>(attachments, context),
        new InformerEventSource<>(mappings, context),
        new InformerEventSource<>(siblings, context));
  }

  @Override
  public UpdateControl<DnsPolicy> reconcile(DnsPolicy policy, Context<DnsPolicy> context) {
    DnsPolicyStatus status = statusOf(policy, Instant.now());
    if (status == null) {
      // Not in the hub's plan yet (the list did not show it): look again shortly.
      return UpdateControl.<DnsPolicy>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }
    if (!StatusDiff.changed(policy.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    if (StatusDiff.transitioned(policy.getStatus(), status, DnsPolicyStatuses.ACCEPTED)) {
      Condition c = ConditionSet.find(status.conditions, DnsPolicyStatuses.ACCEPTED);
      if (c.status == Condition.Status.True) {
        events.normal(policy, "DnsPolicyAccepted", c.message);
      } else {
        events.warning(policy, c.reason, c.message);
      }
    }
    DnsPolicy patch = new DnsPolicy();
    patch.setMetadata(policy.getMetadata());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }

  /** The status the hub's plan gives {@code policy}, or null when the plan does not list it. */
  private DnsPolicyStatus statusOf(DnsPolicy policy, Instant now) {
    String ns = policy.getMetadata().getNamespace();
    String hubRef = DnsPolicyResolver.hubRef(policy);
    if (hubRef == null) {
      return DnsPolicyStatuses.rejected(
          policy, DnsPolicyStatuses.hubNotFound(ns + "/<spec.hubRef.name missing>"), now);
    }
    String hubNamespace = hubRef.substring(0, hubRef.indexOf('/'));
    Problem notPermitted = DnsPolicyResolver.permitted(policy, hubNamespace, hubRef).orElse(null);
    if (notPermitted != null) {
      return DnsPolicyStatuses.rejected(policy, notPermitted, now);
    }
    VirtualTrafficHub hub = reader.hub(ns, policy.getSpec().hubRef);
    if (hub == null) {
      return DnsPolicyStatuses.rejected(policy, DnsPolicyStatuses.hubNotFound(hubRef), now);
    }
    List<HubAttachment> attachments = reader.attachmentsOf(hub);
    // Shards do not matter to DNS: the plan is made without the cell's pods.
    HubPlan plan =
        HubPlanner.plan(
            new HubPlanner.Inputs(
                hub,
                attachments,
                List.of(),
                reader.namespaceLabels(hub, attachments),
                reader.mappingsOf(hub),
                reader.dnsPoliciesOf(hub)));
    String ref = DnsPolicyResolver.ref(policy);
    return plan.dns().verdict(ref).map(v -> DnsPolicyStatuses.of(policy, v, now)).orElse(null);
  }
}
