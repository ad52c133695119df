package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator observed of an attachment. Conditions: Accepted, AddressesResolved,
 * RoutesPropagated, Ready.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HubAttachmentStatus extends VthStatus {

  @Min(1)
  @Max(16777215)
  @JsonPropertyDescription("The VXLAN network identifier in use.")
  public Integer vni;

  @JsonPropertyDescription(
      "Where the network sends its VXLAN traffic: the address and UDP port of the attachment's"
          + " Service as the network reaches it (a load balancer's address, a node's address and"
          + " node port, or the cluster IP from inside the cluster); absent while there is none.")
  public Endpoint hubEndpoint;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Names of the dataplane pods serving this attachment (its shuffle shard).")
  public List<@Size(max = ApiConstants.MAX_NAME) String> shard = new ArrayList<>();

  @JsonPropertyDescription("The hub's gateway address in the network.")
  public Gateway gateway;

  @Size(max = ApiConstants.MAX_REFS)
  @JsonPropertyDescription("Ranges this network shares with others in its domain, and with whom.")
  public List<AttachmentOverlap> overlaps = new ArrayList<>();

  @Size(max = ApiConstants.MAX_REFS)
  @JsonPropertyDescription("Translation mappings applied to this network's addresses.")
  public List<Translation> translations = new ArrayList<>();

  @Size(max = ApiConstants.MAX_ROUTES)
  @JsonPropertyDescription(
      "Routes this network should point at the hub, with the network each comes from.")
  public List<PropagatedRoute> propagatedRoutes = new ArrayList<>();

  /** An address and port to send to. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Endpoint {
    @Size(max = ApiConstants.MAX_NAME)
    @JsonPropertyDescription("Address or DNS name.")
    public String address;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("UDP port.")
    public Integer port;
  }

  /** The hub's gateway address in a network. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Gateway {
    @Size(max = ApiConstants.MAX_CIDR)
    @JsonPropertyDescription("The gateway address.")
    public String address;
  }

  /** Ranges shared with one other attachment. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AttachmentOverlap {
    @Size(max = ApiConstants.MAX_REF)
    @JsonPropertyDescription("The other attachment, as namespace/name.")
    public String attachment;

    @Size(max = ApiConstants.MAX_CIDRS)
    @JsonPropertyDescription("The overlapping ranges.")
    public List<@Size(max = ApiConstants.MAX_CIDR) String> ranges = new ArrayList<>();
  }

  /** One translated range. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Translation {
    @Size(max = ApiConstants.MAX_REF)
    @JsonPropertyDescription("The TranslationMapping, as namespace/name.")
    public String mapping;

    @Size(max = ApiConstants.MAX_CIDR)
    @JsonPropertyDescription("The real range.")
    public String from;

    @Size(max = ApiConstants.MAX_CIDR)
    @JsonPropertyDescription("The range other networks see.")
    public String to;
  }

  /** A route the network should point at the hub. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PropagatedRoute {
    @Size(max = ApiConstants.MAX_CIDR)
    @JsonPropertyDescription("The destination prefix (translated where needed).")
    public String prefix;

    @Size(max = ApiConstants.MAX_REF)
    @JsonPropertyDescription("The attachment that advertises it, as namespace/name, or static.")
    public String origin;
  }
}
