package io.vth.operator.model;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.PrefixAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every attachment of a hub the hub's on-link gateway address in its network: a /30 from
 * {@value #POOL}, unique in the hub, written as the first host with its prefix length (such as
 * {@code 169.254.0.1/30}). The address already in an attachment's status stays with it (unless its
 * spec now asks for another); then explicit {@code spec.tunnel.hubAddress} requests are served
 * oldest first, refused when their subnet is taken; the rest get the lowest free /30.
 */
public final class GatewayAllocator {

  /** Where gateway subnets come from. */
  public static final String POOL = "169.254.0.0/16";

  /** Prefix length of allocated gateway subnets. */
  public static final int SUBNET_LENGTH = 30;

  /**
   * What one attachment asks for.
   *
   * @param attachment {@code namespace/name}
   * @param requested {@code spec.tunnel.hubAddress}, or null
   * @param previous {@code status.gateway.address}, or null
   */
  public record Claim(String attachment, String requested, String previous) {}

  /** The gateway of each attachment that got one, and a message for each that could not. */
  public record Result(Map<String, String> gateways, Map<String, String> conflicts) {}

  private GatewayAllocator() {}

  /** Allocates for {@code claims}, given oldest attachment first. */
  public static Result allocate(List<Claim> claims) {
    List<Cidr> taken = new ArrayList<>();
    Map<String, String> owners = new LinkedHashMap<>();
    Map<String, String> gateways = new LinkedHashMap<>();
    Map<String, String> conflicts = new LinkedHashMap<>();
    for (boolean explicitPass : new boolean[] {false, true}) {
      for (Claim c : claims) {
        if (gateways.containsKey(c.attachment()) || conflicts.containsKey(c.attachment())) {
          continue;
        }
        boolean keeps = c.requested() == null || c.requested().equals(c.previous());
        String text = explicitPass ? c.requested() : keeps ? c.previous() : null;
        if (text == null) {
          continue;
        }
        Optional<Gateway> want = parse(text);
        if (want.isEmpty()) {
          if (explicitPass) {
            conflicts.put(
                c.attachment(),
                "spec.tunnel.hubAddress: \"" + text + "\" is not an IPv4 address/length");
          }
          continue;
        }
        Optional<String> holder =
            owners.entrySet().stream()
                .filter(e -> Cidr.parse(e.getKey()).overlaps(want.get().subnet()))
                .map(Map.Entry::getValue)
                .findFirst();
        if (holder.isEmpty()) {
          taken.add(want.get().subnet());
          owners.put(want.get().subnet().toString(), c.attachment());
          gateways.put(c.attachment(), want.get().text());
        } else if (explicitPass) {
          conflicts.put(
              c.attachment(),
              "spec.tunnel.hubAddress: \""
                  + text
                  + "\" overlaps the gateway subnet of "
                  + holder.get());
        }
      }
    }
    PrefixAllocator pool = PrefixAllocator.ofPool(Cidr.parse(POOL));
    for (Claim c : claims) {
      if (gateways.containsKey(c.attachment()) || conflicts.containsKey(c.attachment())) {
        continue;
      }
      Optional<Cidr> free = pool.findFree(SUBNET_LENGTH, taken);
      if (free.isEmpty()) {
        conflicts.put(c.attachment(), "spec.tunnel.hubAddress: no free /30 left in " + POOL);
        continue;
      }
      taken.add(free.get());
      IpAddress first = IpAddress.ofIpv4(free.get().network().ipv4() + 1);
      gateways.put(c.attachment(), first + "/" + SUBNET_LENGTH);
    }
    return new Result(gateways, conflicts);
  }

  /** The address part of a gateway {@code address/length}. */
  public static String address(String gateway) {
    int slash = gateway.indexOf('/');
    return slash < 0 ? gateway : gateway.substring(0, slash);
  }

  private record Gateway(String text, Cidr subnet) {}

  private static Optional<Gateway> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String withLength = text.contains("/") ? text : text + "/" + SUBNET_LENGTH;
    try {
      Cidr subnet = Cidr.parseLenient(withLength);
      IpAddress address = IpAddress.parse(address(withLength));
      if (!address.isIpv4() || subnet.prefixLength() > SUBNET_LENGTH) {
        return Optional.empty();
      }
      return Optional.of(new Gateway(address + "/" + subnet.prefixLength(), subnet));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
