package io.vth.operator.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every attachment of a hub a VXLAN network identifier, unique in the hub. A VNI already in
 * an attachment's status stays with it (unless its spec now asks for another); then explicit {@code
 * spec.tunnel.vni} requests are served oldest first, and one that is taken is a conflict; the rest
 * get the lowest free VNI. So an attachment in use never loses its VNI to a newcomer.
 */
public final class VniAllocator {

  /** Highest VNI (24 bits). */
  public static final int MAX_VNI = 0xffffff;

  /**
   * What one attachment asks for.
   *
   * @param attachment {@code namespace/name}
   * @param requested {@code spec.tunnel.vni}, or null
   * @param previous {@code status.vni}, or null
   */
  public record Claim(String attachment, Integer requested, Integer previous) {}

  /** The VNI of each attachment that got one, and a message for each that could not. */
  public record Result(Map<String, Integer> vnis, Map<String, String> conflicts) {}

  private VniAllocator() {}

  /** Allocates for {@code claims}, given oldest attachment first. */
  public static Result allocate(List<Claim> claims) {
    Map<Integer, String> taken = new HashMap<>();
    Map<String, Integer> vnis = new LinkedHashMap<>();
    Map<String, String> conflicts = new LinkedHashMap<>();
    for (Claim c : claims) {
      boolean keeps = c.requested() == null || c.requested().equals(c.previous());
      if (keeps && valid(c.previous()) && taken.putIfAbsent(c.previous(), c.attachment()) == null) {
        vnis.put(c.attachment(), c.previous());
      }
    }
    for (Claim c : claims) {
      if (vnis.containsKey(c.attachment()) || !valid(c.requested())) {
        continue;
      }
      String holder = taken.putIfAbsent(c.requested(), c.attachment());
      if (holder == null) {
        vnis.put(c.attachment(), c.requested());
      } else {
        conflicts.put(
            c.attachment(), "spec.tunnel.vni: " + c.requested() + " is already used by " + holder);
      }
    }
    int next = 1;
    for (Claim c : claims) {
      if (vnis.containsKey(c.attachment()) || conflicts.containsKey(c.attachment())) {
        continue;
      }
      while (next <= MAX_VNI && taken.containsKey(next)) {
        next++;
      }
      if (next > MAX_VNI) {
        conflicts.put(c.attachment(), "spec.tunnel.vni: no free VNI is left in the hub");
        continue;
      }
      taken.put(next, c.attachment());
      vnis.put(c.attachment(), next);
    }
    return new Result(vnis, conflicts);
  }

  private static boolean valid(Integer vni) {
    return vni != null && vni >= 1 && vni <= MAX_VNI;
  }

  /** The hub's MAC address on an attachment's segment: {@code 02:76:74} and the VNI's bytes. */
  public static String gatewayMac(int vni) {
    return String.format(
        "02:76:74:%02x:%02x:%02x", (vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff);
  }
}
