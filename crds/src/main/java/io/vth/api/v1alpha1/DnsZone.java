package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A DNS zone answered by one network's own resolvers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsZone {

  @Required
  @Size(max = ApiConstants.MAX_DOMAIN)
  @Pattern(ApiConstants.DOMAIN_PATTERN)
  @JsonPropertyDescription("The zone, such as b.internal; names below it are forwarded.")
  public String domain;

  @Required
  @Size(max = ApiConstants.MAX_REF)
  @Pattern(ApiConstants.NAMESPACED_NAME_PATTERN)
  @JsonPropertyDescription("The attachment (namespace/name) whose dnsServers answer for the zone.")
  public String attachment;
}
