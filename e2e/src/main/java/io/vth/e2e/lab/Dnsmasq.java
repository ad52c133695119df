package io.vth.e2e.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A network's own resolver for tests: Debian's {@code dnsmasq} (package {@code dnsmasq-base}) in a
 * namespace, answering fixed names from {@code --host-record} and nothing else (no upstream, no
 * {@code /etc/hosts}). Closing it (or the lab) stops it.
 */
public final class Dnsmasq implements AutoCloseable {

  /** TTL of the answers, long on purpose so tests see a hub's cap. */
  public static final int TTL_SECONDS = 3600;

  private final BackgroundProcess process;
  private final String address;

  private Dnsmasq(BackgroundProcess process, String address) {
    this.process = process;
    this.address = address;
  }

  /**
   * Starts dnsmasq in {@code network}, listening on {@code address} port 53, answering each name of
   * {@code records} with its address; returns once it listens.
   */
  public static Dnsmasq start(
      NetnsLab lab, Network network, String address, Map<String, String> records) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dnsmasq",
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--pid-file=",
                "--user=root",
                "--no-resolv",
                "--no-hosts",
                "--bind-interfaces",
                "--listen-address=" + address,
                "--local-ttl=" + TTL_SECONDS,
                "--log-facility=-"));
    records.forEach((name, ip) -> command.add("--host-record=" + name + "," + ip));
    BackgroundProcess p = lab.spawn(network, command.toArray(String[]::new));
    Awaitility.await("dnsmasq listening on " + address + ":53 in " + network.name())
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new LabException("dnsmasq ended: " + p.stderr());
              }
              return lab.exec(network, "ss", "-uln").stdout().contains(address + ":53 ");
            });
    return new Dnsmasq(p, address);
  }

  /** The address it listens on. */
  public String address() {
    return address;
  }

  /** The process. */
  public BackgroundProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
