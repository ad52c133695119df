package io.vth.core.lpm;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** The obviously correct longest-prefix match the tries are checked against: scan every route. */
final class LinearScanOracle {

  private final Map<Cidr, Integer> routes = new LinkedHashMap<>();

  void add(Cidr prefix, int value) {
    routes.put(prefix, value);
  }

  int lookup(IpAddress address) {
    int best = LpmTable.NO_MATCH;
    int bestLength = -1;
    for (Map.Entry<Cidr, Integer> route : routes.entrySet()) {
      Cidr prefix = route.getKey();
      if (prefix.prefixLength() > bestLength && prefix.contains(address)) {
        best = route.getValue();
        bestLength = prefix.prefixLength();
      }
    }
    return best;
  }

  int size() {
    return routes.size();
  }
}
