package io.vth.operator.model;

import io.vth.api.v1alpha1.Condition.Status;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentStatus;
import java.time.Instant;

/**
 * The status of an attachment: allocations, shard, endpoint, propagated routes and the conditions
 * Accepted, AddressesResolved, RoutesPropagated and Ready.
 */
public final class AttachmentStatuses {

  /** Condition: the hub connected the attachment. */
  public static final String ACCEPTED = "Accepted";

  /** Condition: no overlap is left unhandled. */
  public static final String ADDRESSES_RESOLVED = "AddressesResolved";

  /** Condition: the route table ConfigMap is current. */
  public static final String ROUTES_PROPAGATED = "RoutesPropagated";

  /** Condition: the attachment carries traffic. */
  public static final String READY = "Ready";

  /** Reason: the referenced hub does not exist. */
  public static final String HUB_NOT_FOUND = "HubNotFound";

  /** Reason: the cell has no dataplane pods to serve the attachment yet. */
  public static final String NO_DATAPLANE_PODS = "NoDataplanePods";

  private AttachmentStatuses() {}

  /** Reason: the attachment's Service has no address a network can reach yet. */
  public static final String ENDPOINT_PENDING = "EndpointPending";

  /**
   * The status of a planned attachment whose route table in {@code routeTable} is written, whose
   * Service a network reaches at {@code endpoint} (null when not connected).
   */
  public static HubAttachmentStatus of(
      AttachmentPlan plan, String hubRef, EndpointReach endpoint, String routeTable, Instant now) {
    HubAttachment a = plan.attachment();
    ConditionSet c = ConditionSet.over(a, now);
    HubAttachmentStatus s = new HubAttachmentStatus();
    s.observedGeneration = a.getMetadata().getGeneration();
    OverlapResolver.Decision overlap = plan.overlap();
    if (overlap != null) {
      overlap
          .overlaps()
          .forEach(
              (other, ranges) -> {
                HubAttachmentStatus.AttachmentOverlap o =
                    new HubAttachmentStatus.AttachmentOverlap();
                o.attachment = other;
                o.ranges = ranges.stream().map(Object::toString).toList();
                s.overlaps.add(o);
              });
    }
    if (!plan.accepted()) {
      Problem p = plan.problem();
      c.set(ACCEPTED, false, p.reason(), p.message());
      if (OverlapResolver.ADDRESS_OVERLAP.equals(p.reason())) {
        c.set(ADDRESSES_RESOLVED, false, OverlapResolver.ADDRESS_OVERLAP, p.message());
      } else {
        c.set(ADDRESSES_RESOLVED, Status.Unknown, "NotAccepted", "the attachment is not connected");
      }
      c.set(
          ROUTES_PROPAGATED,
          true,
          "Detached",
          "no routes: the attachment is not connected; ConfigMap " + routeTable + " is empty");
      c.set(READY, false, p.reason(), p.message());
      s.conditions = c.conditions();
      return s;
    }
    s.vni = plan.vni();
    s.gateway = new HubAttachmentStatus.Gateway();
    s.gateway.address = plan.gateway();
    s.shard = plan.shard();
    if (endpoint != null && endpoint.reachable()) {
      s.hubEndpoint = new HubAttachmentStatus.Endpoint();
      s.hubEndpoint.address = endpoint.address();
      s.hubEndpoint.port = endpoint.port();
    }
    s.propagatedRoutes =
        plan.propagated().stream()
            .map(
                r -> {
                  HubAttachmentStatus.PropagatedRoute pr =
                      new HubAttachmentStatus.PropagatedRoute();
                  pr.prefix = r.prefix().toString();
                  pr.origin = r.origin();
                  return pr;
                })
            .toList();
    c.set(
        ACCEPTED,
        true,
        "Connected",
        "connected to hub "
            + hubRef
            + " in routing domain "
            + plan.domain()
            + " with VNI "
            + plan.vni());
    overlap
        .translations()
        .forEach(
            t -> {
              HubAttachmentStatus.Translation tr = new HubAttachmentStatus.Translation();
              tr.mapping = t.mapping();
              tr.from = t.from().toString();
              tr.to = t.to().toString();
              s.translations.add(tr);
            });
    if (overlap.unresolved() != null) {
      c.set(ADDRESSES_RESOLVED, false, OverlapResolver.ADDRESS_OVERLAP, overlap.unresolved());
    } else if (overlap.resolved() != null) {
      c.set(
          ADDRESSES_RESOLVED,
          true,
          overlap.translations().isEmpty() ? "OverlapHandledElsewhere" : "Translated",
          overlap.resolved());
    } else {
      c.set(
          ADDRESSES_RESOLVED, true, "NoOverlap", "no address range is shared with another network");
    }
    c.set(
        ROUTES_PROPAGATED,
        true,
        "RoutesWritten",
        plan.propagated().size() + " routes written to ConfigMap " + routeTable);
    if (plan.shard().isEmpty()) {
      c.set(
          READY,
          false,
          NO_DATAPLANE_PODS,
          "the hub's cell has no dataplane pods yet to serve the attachment");
    } else if (endpoint == null || !endpoint.reachable()) {
      c.set(
          READY,
          false,
          ENDPOINT_PENDING,
          endpoint == null ? "the attachment's Service is not written yet" : endpoint.pending());
    } else {
      c.set(
          READY, true, "Ready", "served by " + String.join(", ", plan.shard()) + " at " + endpoint);
    }
    s.conditions = c.conditions();
    return s;
  }
}
