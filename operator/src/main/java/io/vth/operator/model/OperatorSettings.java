package io.vth.operator.model;

/**
 * Operator-wide settings the desired objects depend on.
 *
 * @param decisionImage image of decision pods
 * @param dataplaneImage image of dataplane pods
 * @param pullPolicy image pull policy of both
 * @param endpointServiceType type of attachments' Services (ClusterIP, NodePort, LoadBalancer)
 */
public record OperatorSettings(
    String decisionImage, String dataplaneImage, String pullPolicy, String endpointServiceType) {}
