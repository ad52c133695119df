package io.vth.core.config;

import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Dns;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfig.Translation;
import io.vth.core.dns.DnsName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a decision config for what the pods rely on: unique names and VNIs, references that
 * resolve, well-formed addresses and prefixes. Each problem names the field path and the bad value.
 */
final class DecisionConfigValidator {

  private static final Pattern MAC = Pattern.compile("^([0-9a-f]{2}:){5}[0-9a-f]{2}$");
  private static final Set<String> DNS_MODES = Set.of("Endpoint", "Intercept", "Share");

  private DecisionConfigValidator() {}

  static List<String> problems(DecisionConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.generation() < 0) {
      problems.add("generation: " + config.generation() + " is negative");
    }
    Map<Integer, String> vnis = new HashMap<>();
    Set<String> hubNames = new HashSet<>();
    for (int h = 0; h < config.hubs().size(); h++) {
      Hub hub = config.hubs().get(h);
      String at = "hubs[" + h + "]";
      if (isBlank(hub.name()) || !hubNames.add(hub.name())) {
        problems.add(at + ".name: \"" + hub.name() + "\" is empty or not unique");
      }
      checkHub(hub, at, vnis, problems);
    }
    return problems;
  }

  private static void checkHub(
      Hub hub, String at, Map<Integer, String> vnis, List<String> problems) {
    Set<String> domains = new HashSet<>();
    for (int d = 0; d < hub.domains().size(); d++) {
      Domain domain = hub.domains().get(d);
      if (isBlank(domain.name()) || !domains.add(domain.name())) {
        problems.add(
            at + ".domains[" + d + "].name: \"" + domain.name() + "\" is empty or not unique");
      }
    }
    Map<String, Attachment> attachments = new HashMap<>();
    for (int a = 0; a < hub.attachments().size(); a++) {
      Attachment att = hub.attachments().get(a);
      String p = at + ".attachments[" + a + "]";
      if (isBlank(att.name()) || attachments.putIfAbsent(att.name(), att) != null) {
        problems.add(p + ".name: \"" + att.name() + "\" is empty or not unique");
      }
      if (att.vni() < 1 || att.vni() > 0xffffff) {
        problems.add(p + ".vni: " + att.vni() + " is outside 1..16777215");
      } else {
        String other = vnis.putIfAbsent(att.vni(), att.name());
        if (other != null) {
          problems.add(p + ".vni: " + att.vni() + " is already used by " + other);
        }
      }
      if (!domains.contains(att.domain())) {
        problems.add(p + ".domain: \"" + att.domain() + "\" is not a domain of the hub");
      }
      if (att.port() < 1 || att.port() > 65535) {
        problems.add(p + ".port: " + att.port() + " is outside 1..65535");
      }
      if (att.gatewayMac() == null || !MAC.matcher(att.gatewayMac()).matches()) {
        problems.add(
            p + ".gatewayMac: \"" + att.gatewayMac() + "\" is not a lower-case MAC address");
      }
      AddressChecks.address(p + ".remote", att.remote(), problems);
      AddressChecks.interfaceAddress(p + ".gateway", att.gateway(), problems);
      for (int c = 0; c < att.cidrs().size(); c++) {
        AddressChecks.prefix(p + ".cidrs[" + c + "]", att.cidrs().get(c), problems);
      }
      for (int s = 0; s < att.dnsServers().size(); s++) {
        AddressChecks.address(p + ".dnsServers[" + s + "]", att.dnsServers().get(s), problems);
      }
    }
    for (int d = 0; d < hub.domains().size(); d++) {
      List<Route> routes = hub.domains().get(d).routes();
      for (int r = 0; r < routes.size(); r++) {
        checkRoute(
            routes.get(r), at + ".domains[" + d + "].routes[" + r + "]", attachments, problems);
      }
    }
    for (int t = 0; t < hub.translations().size(); t++) {
      Translation tr = hub.translations().get(t);
      String p = at + ".translations[" + t + "]";
      if (!attachments.containsKey(tr.attachment())) {
        problems.add(
            p + ".attachment: \"" + tr.attachment() + "\" is not an attachment of the hub");
      }
      AddressChecks.translation(p, tr.from(), tr.to(), problems);
    }
    if (hub.dns() != null) {
      checkDns(hub.dns(), at + ".dns", problems);
    }
    if (hub.limits() != null) {
      DecisionConfig.Limits l = hub.limits();
      range(at + ".limits.newFlowsPerSecond", l.newFlowsPerSecond(), 1, 1_000_000, problems);
      range(at + ".limits.waitingFlows", l.waitingFlows(), 1, 4096, problems);
      range(at + ".limits.dnsPendingQueries", l.dnsPendingQueries(), 1, 1024, problems);
      range(at + ".limits.dnsTcpConnections", l.dnsTcpConnections(), 1, 256, problems);
    }
  }

  private static void range(String path, int value, int min, int max, List<String> problems) {
    if (value < min || value > max) {
      problems.add(path + ": " + value + " is outside " + min + ".." + max);
    }
  }

  /**
   * The DNS rules: a known mode, names and addresses that parse. References to attachments the hub
   * does not have are not errors: the pods ignore them, so one stale name never stops a hub.
   */
  private static void checkDns(Dns dns, String p, List<String> problems) {
    if (!DNS_MODES.contains(dns.mode())) {
      problems.add(p + ".mode: \"" + dns.mode() + "\" is not Endpoint, Intercept or Share");
    }
    if (dns.ttlSeconds() < 0) {
      problems.add(p + ".ttlSeconds: " + dns.ttlSeconds() + " is negative");
    }
    for (int z = 0; z < dns.zones().size(); z++) {
      dnsName(p + ".zones[" + z + "].domain", dns.zones().get(z).domain(), problems);
    }
    for (int r = 0; r < dns.records().size(); r++) {
      DecisionConfig.DnsRecord record = dns.records().get(r);
      String at = p + ".records[" + r + "]";
      dnsName(at + ".name", record.name(), problems);
      for (int a = 0; a < record.addresses().size(); a++) {
        AddressChecks.address(at + ".addresses[" + a + "]", record.addresses().get(a), problems);
      }
    }
    for (int u = 0; u < dns.upstreams().size(); u++) {
      AddressChecks.address(p + ".upstreams[" + u + "]", dns.upstreams().get(u), problems);
    }
  }

  private static void dnsName(String path, String name, List<String> problems) {
    if (isBlank(name)) {
      problems.add(path + ": \"" + name + "\" is empty");
      return;
    }
    try {
      DnsName.of(name);
    } catch (IllegalArgumentException e) {
      problems.add(path + ": \"" + name + "\" is not a DNS name: " + e.getMessage());
    }
  }

  private static void checkRoute(
      Route route, String p, Map<String, Attachment> attachments, List<String> problems) {
    AddressChecks.prefix(p + ".prefix", route.prefix(), problems);
    if (route.blackhole() == (route.attachment() != null)) {
      problems.add(p + ": needs exactly one of attachment or blackhole");
    } else if (!route.blackhole() && !attachments.containsKey(route.attachment())) {
      problems.add(
          p + ".attachment: \"" + route.attachment() + "\" is not an attachment of the hub");
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
