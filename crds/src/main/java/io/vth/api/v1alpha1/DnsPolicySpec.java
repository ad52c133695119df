package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Who shares names across the hub, which network answers for which zone, and how answers travel.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsPolicySpec {

  /** The DNS modes (the patent's options A, B and C). */
  public enum Mode {
    Share,
    Endpoint,
    Intercept
  }

  @Required
  @ValidationRule(value = "self == oldSelf", message = "hubRef is immutable")
  @JsonPropertyDescription(
      "The hub whose networks share DNS. Honoured only in the hub's own namespace; a hub honours"
          + " one DnsPolicy, the oldest valid one (others report Ready=False, reason Conflict)."
          + " Immutable.")
  public ObjectRef hubRef;

  @Default("Endpoint")
  @JsonPropertyDescription(
      "Share: forward queries for shared zones to the owning network. Endpoint: the hub answers on its"
          + " gateway address in each network. Intercept: rewrite DNS answers crossing the hub.")
  public Mode mode;

  @Size(max = ApiConstants.MAX_REFS)
  @JsonPropertyDescription(
      "Attachments (namespace/name) that share DNS; default: every attachment of the hub.")
  public List<
          @Size(max = ApiConstants.MAX_REF) @Pattern(ApiConstants.NAMESPACED_NAME_PATTERN) String>
      attachments;

  @Size(max = 256)
  @ValidationRule(
      value = "self.all(z, self.exists_one(y, y.domain == z.domain))",
      message = "each zone domain may be listed once")
  @JsonPropertyDescription("Which network answers for which names.")
  public List<DnsZone> zones;

  @Size(max = 4096)
  @JsonPropertyDescription("Names the hub answers itself.")
  public List<DnsRecord> records;

  @Size(max = 8)
  @ValidationRule(value = ApiConstants.CEL_IPS, message = "upstreams must be IP addresses")
  @JsonPropertyDescription("Fallback resolvers for names no zone covers.")
  public List<@Size(max = ApiConstants.MAX_CIDR) @Pattern(ApiConstants.IP_PATTERN) String>
      upstreams;

  @Min(0)
  @Max(86400)
  @Default("30")
  @JsonPropertyDescription("Highest TTL, in seconds, of answers the hub returns.")
  public Integer ttlSeconds;
}
