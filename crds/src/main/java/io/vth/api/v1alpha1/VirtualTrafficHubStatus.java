package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a hub. Conditions: Ready, CellReady, ConfigPublished, Degraded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualTrafficHubStatus extends VthStatus {

  @JsonPropertyDescription("The cell serving the hub and its pods per zone.")
  public CellStatus cell;

  @Min(0)
  @JsonPropertyDescription("Version of the published decision config; it only grows.")
  public Long configGeneration;

  @Min(0)
  @JsonPropertyDescription("Attachments connected to the hub.")
  public Integer attachments;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Per routing domain: how many attachments joined it and how many routes it has.")
  public List<DomainStatus> routingDomains = new ArrayList<>();

  @Size(max = ApiConstants.MAX_REFS)
  @JsonPropertyDescription(
      "Current address overlaps between attachments of the same routing domain.")
  public List<HubOverlap> overlaps = new ArrayList<>();

  /** The cell and its zones. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CellStatus {
    @Size(max = ApiConstants.MAX_NAME)
    @JsonPropertyDescription("Name of the cell.")
    public String name;

    @Size(max = 16)
    @JsonPropertyDescription("Ready pods per zone.")
    public List<ZoneStatus> zones = new ArrayList<>();
  }

  /** Ready pods in one zone of the cell. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ZoneStatus {
    @Size(max = 63)
    @JsonPropertyDescription("The zone.")
    public String zone;

    @Min(0)
    @JsonPropertyDescription("Ready dataplane pods in the zone.")
    public Integer actionNodesReady;

    @Min(0)
    @JsonPropertyDescription("Ready decision pods in the zone.")
    public Integer decisionNodesReady;
  }

  /** Size of one routing domain. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DomainStatus {
    @Size(max = ApiConstants.MAX_LABEL)
    @JsonPropertyDescription("Name of the domain.")
    public String name;

    @Min(0)
    @JsonPropertyDescription("Attachments connected in the domain.")
    public Integer attachments;

    @Min(0)
    @JsonPropertyDescription("Routes in the domain's table.")
    public Integer routes;
  }

  /** An overlap between two attachments of the hub. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class HubOverlap {
    @Size(max = ApiConstants.MAX_REF)
    @JsonPropertyDescription("One attachment, as namespace/name.")
    public String a;

    @Size(max = ApiConstants.MAX_REF)
    @JsonPropertyDescription("The other attachment, as namespace/name.")
    public String b;

    @Size(max = ApiConstants.MAX_CIDRS)
    @JsonPropertyDescription("The address ranges both of them claim.")
    public List<@Size(max = ApiConstants.MAX_CIDR) String> ranges = new ArrayList<>();
  }
}
