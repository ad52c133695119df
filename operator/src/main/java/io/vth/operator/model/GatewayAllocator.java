package io.vth.operator.model;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
    Map<Cidr, String> owners = new LinkedHashMap<>();
    // The owners' subnets never overlap each other: by first address, with the last, so whether a
    // subnet overlaps any of them is one lookup instead of a scan (hubs have thousands).
    TreeMap<Long, Long> spans = new TreeMap<>();
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
        Cidr subnet = want.get().subnet();
        Optional<String> holder =
            overlapsAny(spans, subnet)
                ? owners.entrySet().stream()
                    .filter(e -> e.getKey().overlaps(subnet))
                    .map(Map.Entry::getValue)
                    .findFirst()
                : Optional.empty();
        if (holder.isEmpty()) {
          owners.put(subnet, c.attachment());
          spans.put(first(subnet), last(subnet));
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
    // The lowest free /30 of the pool, for each attachment still without one. Every /30 below the
    // last one given is taken, so the search goes on from there (one pass over the pool in all).
    Cidr pool = Cidr.parse(POOL);
    long size = 1L << (32 - SUBNET_LENGTH);
    long next = first(pool);
    for (Claim c : claims) {
      if (gateways.containsKey(c.attachment()) || conflicts.containsKey(c.attachment())) {
        continue;
      }
      while (next + size - 1 <= last(pool) && overlapsAny(spans, next, next + size - 1)) {
        next += size;
      }
      if (next + size - 1 > last(pool)) {
        conflicts.put(c.attachment(), "spec.tunnel.hubAddress: no free /30 left in " + POOL);
        continue;
      }
      spans.put(next, next + size - 1);
      IpAddress first = IpAddress.ofIpv4((int) (next + 1));
      gateways.put(c.attachment(), first + "/" + SUBNET_LENGTH);
      next += size;
    }
    return new Result(gateways, conflicts);
  }

  /** Whether {@code subnet} overlaps one of the disjoint {@code spans} (first to last address). */
  private static boolean overlapsAny(TreeMap<Long, Long> spans, Cidr subnet) {
    return overlapsAny(spans, first(subnet), last(subnet));
  }

  private static boolean overlapsAny(TreeMap<Long, Long> spans, long first, long last) {
    Map.Entry<Long, Long> below = spans.floorEntry(last);
    return below != null && below.getValue() >= first;
  }

  private static long first(Cidr ipv4) {
    return ipv4.network().ipv4() & 0xffffffffL;
  }

  private static long last(Cidr ipv4) {
    return first(ipv4) + (1L << (32 - ipv4.prefixLength())) - 1;
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
