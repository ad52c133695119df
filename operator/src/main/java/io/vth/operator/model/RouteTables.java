package io.vth.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.vth.api.v1alpha1.HubAttachment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ConfigMap {@code <attachment>-routes} in the attachment's namespace: the routes the network
 * should point at the hub. {@value #JSON_KEY} holds them with their origin and the gateway to use;
 * {@value #PREFIXES_KEY} lists one prefix per line for simple agents.
 */
public final class RouteTables {

  /** Key of the JSON route table. */
  public static final String JSON_KEY = "routes.json";

  /** Key of the plain list of prefixes. */
  public static final String PREFIXES_KEY = "prefixes.txt";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RouteTables() {}

  /**
   * The route table of {@code plan}'s attachment on hub {@code hubRef}, owned by the attachment.
   */
  public static ConfigMap desired(String hubRef, AttachmentPlan plan) {
    HubAttachment a = plan.attachment();
    List<RouteCompiler.Route> routes = plan.propagated();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("attachment", plan.ref());
    doc.put("hub", hubRef);
    doc.put("gateway", plan.gateway() == null ? null : GatewayAllocator.address(plan.gateway()));
    doc.put(
        "routes",
        routes.stream()
            .map(r -> Map.of("prefix", r.prefix().toString(), "origin", r.origin()))
            .toList());
    StringBuilder prefixes = new StringBuilder();
    routes.forEach(r -> prefixes.append(r.prefix()).append('\n'));
    Map<String, String> labels = CellLabels.common(a.getMetadata().getName(), "routes");
    labels.put(CellLabels.ATTACHMENT_NAME, a.getMetadata().getName());
    Map<String, String> data = new LinkedHashMap<>();
    data.put(JSON_KEY, json(doc));
    data.put(PREFIXES_KEY, prefixes.toString());
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ObjectNames.routeTable(a.getMetadata().getName()))
        .withNamespace(a.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(Owners.controller(a))
        .endMetadata()
        .withData(data)
        .build();
  }

  private static String json(Object doc) {
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a route table always serializes", e);
    }
  }
}
