package io.vth.operator.model;

import io.vth.core.config.DecisionConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the operator derives for one hub, computed the same way by the hub and the attachment
 * reconcilers.
 *
 * @param cell the cell's name
 * @param attachments every attachment of the hub that is not being deleted, oldest first
 * @param routes the compiled route table of each domain
 * @param config the decision config document with generation 0 (the publisher stamps it)
 * @param problems static routes left out of the tables, each naming its field
 * @param overlaps the detected overlaps, their resolution and the verdicts on mappings
 * @param dns the DNS policy in effect and the verdict on each policy of the hub
 */
public record HubPlan(
    String cell,
    List<AttachmentPlan> attachments,
    Map<String, List<RouteCompiler.Route>> routes,
    DecisionConfig config,
    List<String> problems,
    OverlapResolver.Result overlaps,
    DnsPolicyResolver.Result dns) {

  /** The plan of attachment {@code namespace/name}. */
  public Optional<AttachmentPlan> attachment(String ref) {
    return attachments.stream().filter(a -> a.ref().equals(ref)).findFirst();
  }

  /** The connected attachments. */
  public List<AttachmentPlan> accepted() {
    return attachments.stream().filter(AttachmentPlan::accepted).toList();
  }
}
