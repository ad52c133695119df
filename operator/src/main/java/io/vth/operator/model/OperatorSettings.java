package io.vth.operator.model;

/**
 * Operator-wide settings the desired objects depend on.
 *
 * @param decisionImage image of decision pods
 * @param dataplaneImage image of dataplane pods
 * @param pullPolicy image pull policy of both
 * @param endpointServiceType type of attachments' Services (ClusterIP, NodePort, LoadBalancer) when
 *     a hub does not choose one
 * @param pods how cell pods run: resources, placement, user
 * @param cellNetworkPolicy whether each cell gets a {@link CellNetworkPolicy}
 */
public record OperatorSettings(
    String decisionImage,
    String dataplaneImage,
    String pullPolicy,
    String endpointServiceType,
    CellPodSettings pods,
    boolean cellNetworkPolicy) {

  /** Settings with {@code pods} and a NetworkPolicy per cell. */
  public OperatorSettings(
      String decisionImage,
      String dataplaneImage,
      String pullPolicy,
      String endpointServiceType,
      CellPodSettings pods) {
    this(decisionImage, dataplaneImage, pullPolicy, endpointServiceType, pods, true);
  }

  /** Settings with {@link CellPodSettings#defaults()} for the pods and a NetworkPolicy per cell. */
  public OperatorSettings(
      String decisionImage, String dataplaneImage, String pullPolicy, String endpointServiceType) {
    this(
        decisionImage, dataplaneImage, pullPolicy, endpointServiceType, CellPodSettings.defaults());
  }
}
