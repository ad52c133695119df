package io.vth.e2e.lab;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A set of isolated networks made of Linux network namespaces, each attached by kernel VXLAN to a
 * hub. See {@code e2e/README.md} for the topology.
 *
 * <p>Two flavours of underlay (where the host ends of the veths live):
 *
 * <ul>
 *   <li>{@link #create()}: in the host namespace, for a hub that runs as a process on the host (a
 *       dataplane pod in the test JVM or a child JVM), listening on UDP at the veth host addresses.
 *   <li>{@link #createWithHubNamespace()}: in a namespace of its own ({@link #hubNamespace()}), so
 *       a {@link KernelHub} (or a hub started there with {@link #spawn}) leaves the host namespace
 *       untouched.
 * </ul>
 *
 * <p>Everything the lab makes is removed by {@link #close()}, by a JVM shutdown hook if close is
 * never reached, and otherwise by the next lab that starts on this machine (leftovers of runs whose
 * JVM is gone; see {@link #removedLeftovers()}). Requires root and iproute2.
 */
public final class NetnsLab implements AutoCloseable {
  /** Every namespace of every lab starts with this. */
  public static final String NAMESPACE_PREFIX = RunRegistry.NAMESPACE_PREFIX;

  /** The IANA VXLAN port, the default tunnel destination port. */
  public static final int DEFAULT_VXLAN_PORT = 4789;

  /** Default MTU of the VXLAN interfaces: 1500 (veth) minus 50 bytes of outer headers. */
  public static final int DEFAULT_MTU = 1450;

  static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
  private static final int VXLAN_OVERHEAD = 50;
  private static final int VETH_MIN_MTU = 1500;
  private static final Ip4.Prefixed UNDERLAY =
      Ip4.Prefixed.parse(System.getProperty("vth.e2e.underlay", "10.254.0.0/16"));
  private static final Pattern INET = Pattern.compile("\\binet (\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+)");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,19}");
  private static final System.Logger LOG = System.getLogger(NetnsLab.class.getName());

  private final RunRegistry.Run run;
  private final List<String> removedLeftovers;
  private final String hubNamespace;
  private final Path tempDir;
  private final Thread shutdownHook;
  private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
  private final List<String> underlayLinks = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Network> networks = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<BackgroundProcess> processes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger processCounter = new AtomicInteger();
  private final AtomicInteger networkCounter = new AtomicInteger();
  private boolean closed;

  /** A lab whose veths end in the host namespace (for a hub process running on the host). */
  public static NetnsLab create() {
    return new NetnsLab(false);
  }

  /** A lab whose veths end in a namespace of its own, {@link #hubNamespace()}. */
  public static NetnsLab createWithHubNamespace() {
    return new NetnsLab(true);
  }

  private NetnsLab(boolean withHubNamespace) {
    this.removedLeftovers = List.copyOf(RunRegistry.removeLeftoversOfDeadRuns());
    if (!removedLeftovers.isEmpty()) {
      LOG.log(Level.INFO, "removed leftovers of crashed e2e runs: {0}", removedLeftovers);
    }
    this.run = RunRegistry.start();
    this.shutdownHook = new Thread(this::closeFromShutdownHook, "vthe2e-cleanup-" + run.id());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Path dir = null;
    try {
      dir = Files.createTempDirectory("vthe2e-" + run.id() + "-");
    } catch (IOException e) {
      close();
      throw new LabException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    this.tempDir = dir;
    this.hubNamespace = withHubNamespace ? prefix() + "hub" : null;
    if (withHubNamespace) {
      try {
        addNamespace(hubNamespace);
      } catch (RuntimeException e) {
        closeQuietly(e);
        throw e;
      }
    }
  }

  /** The random id of this run, part of every name it creates. */
  public String runId() {
    return run.id();
  }

  /** Prefix of this lab's namespaces, e.g. {@code vthe2e-k3x9-}. */
  public String prefix() {
    return NAMESPACE_PREFIX + run.id() + "-";
  }

  /** The namespace holding the veths' host ends, when made by {@link #createWithHubNamespace()}. */
  public Optional<String> hubNamespace() {
    return Optional.ofNullable(hubNamespace);
  }

  /** Names of leftovers of crashed earlier runs that this lab removed when it started. */
  public List<String> removedLeftovers() {
    return removedLeftovers;
  }

  /** Starts describing a network; {@link NetworkBuilder#create()} makes it. */
  public NetworkBuilder network(String name) {
    return new NetworkBuilder(name);
  }

  /** The network called {@code name}. */
  public Network get(String name) {
    Network n = networks.get(name);
    if (n == null) {
      throw new LabException("no network " + name + " in this lab");
    }
    return n;
  }

  /** All networks, in creation order. */
  public List<Network> networks() {
    synchronized (networks) {
      return List.copyOf(networks.values());
    }
  }

  /** Namespaces this lab created and has not removed yet. */
  public List<String> namespaces() {
    synchronized (namespaces) {
      return List.copyOf(namespaces);
    }
  }

  // ---------------------------------------------------------------- processes

  /**
   * Runs {@code command} in namespace {@code namespace} ({@code null}: the host namespace) and
   * waits at most {@link Exec#DEFAULT_TIMEOUT}. Never throws for a failing command: look at the
   * result.
   */
  public ProcessResult exec(String namespace, String... command) {
    return exec(namespace, Exec.DEFAULT_TIMEOUT, command);
  }

  /**
   * Like {@link #exec(String, String...)} with an explicit timeout (the command is killed then).
   */
  public ProcessResult exec(String namespace, Duration timeout, String... command) {
    return Exec.run(timeout, Exec.inNamespace(namespace, List.of(command)));
  }

  /** Runs {@code command} in the host namespace (where the test JVM runs). */
  public ProcessResult execHost(String... command) {
    return exec((String) null, command);
  }

  /** Runs {@code command} in the network's namespace. */
  public ProcessResult exec(Network network, String... command) {
    return exec(network.namespace(), command);
  }

  /** Runs {@code command} in the network's namespace with a timeout. */
  public ProcessResult exec(Network network, Duration timeout, String... command) {
    return exec(network.namespace(), timeout, command);
  }

  /**
   * Starts {@code command} in {@code namespace} ({@code null}: host) in the background. It is
   * stopped when the lab closes, if not before.
   */
  public BackgroundProcess spawn(String namespace, String... command) {
    ensureOpen();
    int n = processCounter.incrementAndGet();
    BackgroundProcess p =
        new BackgroundProcess(
            Exec.inNamespace(namespace, List.of(command)),
            tempDir.resolve("bg" + n + ".out"),
            tempDir.resolve("bg" + n + ".err"));
    processes.add(p);
    return p;
  }

  /** Starts {@code command} in the network's namespace in the background. */
  public BackgroundProcess spawn(Network network, String... command) {
    return spawn(network.namespace(), command);
  }

  /**
   * Pings {@code destination} from the network's namespace: exactly {@code count} echo requests 200
   * ms apart; waits at most a second for the last reply. {@code extraArgs} go before the
   * destination (e.g. {@code "-M", "do", "-s", "1422"}).
   */
  public PingResult ping(Network from, String destination, int count, String... extraArgs) {
    return ping(from.namespace(), destination, count, extraArgs);
  }

  /** Pings from namespace {@code namespace} ({@code null}: host). */
  public PingResult ping(String namespace, String destination, int count, String... extraArgs) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive");
    }
    List<String> cmd =
        new ArrayList<>(
            List.of("ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", "1"));
    cmd.addAll(Arrays.asList(extraArgs));
    cmd.add(destination);
    // ping ends about a second after its last request; the timeout is only a safety net
    Duration timeout = Duration.ofMillis(200L * count + 6000);
    ProcessResult r = exec(namespace, timeout, cmd.toArray(String[]::new));
    if (r.timedOut()) {
      throw new LabException(r.describe());
    }
    PingResult parsed = PingResult.parse(r.stdout() + r.stderr());
    // exit 1 = no reply; "connect: Network is unreachable" = no route in the namespace itself.
    // Anything else without a summary (bad option, unknown namespace) must not pass for "no reply".
    boolean unreachable = parsed.raw().contains("Network is unreachable");
    if (parsed.transmitted() == 0 && r.exitCode() != 1 && !unreachable) {
      throw new LabException("ping did not run: " + r.describe());
    }
    return parsed;
  }

  /**
   * Starts {@code iperf3 -s} on {@code port} in the network's namespace and waits until it listens.
   */
  public IperfServer iperf3Server(Network network, int port) {
    String ns = network.namespace();
    BackgroundProcess p = spawn(ns, "iperf3", "-s", "-p", Integer.toString(port));
    Awaitility.await("iperf3 server listening on port " + port + " in " + ns)
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new LabException(
                    "iperf3 server ended: exit " + p.exitCode().orElse(-1) + " " + p.stderr());
              }
              ProcessResult ss =
                  exec(ns, IP_TIMEOUT, "ss", "-H", "-l", "-t", "-n", "sport = :" + port);
              return ss.ok() && !ss.stdout().isBlank();
            });
    return new IperfServer(ns, port, p);
  }

  /**
   * Runs {@code iperf3 -c server -p port -t seconds --json} from the network's namespace and
   * returns the parsed result; throws when iperf3 fails. {@code extraArgs} are appended (e.g.
   * {@code "-R"}, {@code "-u", "-b", "1G"}).
   */
  public IperfResult iperf3Client(
      Network from, String server, int port, Duration duration, String... extraArgs) {
    long seconds = Math.max(1, duration.toSeconds());
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "iperf3",
                "-c",
                server,
                "-p",
                Integer.toString(port),
                "-t",
                Long.toString(seconds),
                "--connect-timeout",
                "3000",
                "--json"));
    cmd.addAll(Arrays.asList(extraArgs));
    ProcessResult r =
        exec(from.namespace(), Duration.ofSeconds(seconds + 20), cmd.toArray(String[]::new));
    if (r.timedOut() || r.stdout().isBlank()) {
      throw new LabException("iperf3 client failed: " + r.describe());
    }
    IperfResult result = IperfResult.parse(r.stdout());
    if (result.error().isPresent() || r.exitCode() != 0) {
      throw new LabException(
          "iperf3 client failed: " + result.error().orElse("exit " + r.exitCode()));
    }
    return result;
  }

  // ---------------------------------------------------------------- cleanup

  /**
   * Names of this run's namespaces and host-namespace links that exist right now. Empty after a
   * successful {@link #close()}.
   */
  public List<String> leftovers() {
    return RunRegistry.currentNamesOf(run.id());
  }

  /**
   * Stops background processes, deletes the veths and namespaces, and releases the run. Idempotent.
   * Tries every step even when one fails, then throws a {@link LabException} listing what failed.
   */
  @Override
  public void close() {
    List<Throwable> errors = closeInternal();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | SecurityException ignored) {
      // already shutting down: the hook is running or will find nothing to do
    }
    if (!errors.isEmpty()) {
      LabException e = new LabException("cleanup of e2e run " + run.id() + " failed: " + errors);
      errors.forEach(e::addSuppressed);
      throw e;
    }
  }

  private void closeFromShutdownHook() {
    List<Throwable> errors = closeInternal();
    if (!errors.isEmpty()) {
      LOG.log(Level.WARNING, "cleanup of e2e run {0} at JVM exit failed: {1}", run.id(), errors);
    }
  }

  private void closeQuietly(Throwable cause) {
    try {
      close();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private synchronized List<Throwable> closeInternal() {
    if (closed) {
      return List.of();
    }
    closed = true;
    List<Throwable> errors = new ArrayList<>();
    List<BackgroundProcess> procs;
    synchronized (processes) {
      procs = new ArrayList<>(processes);
    }
    Collections.reverse(procs);
    for (BackgroundProcess p : procs) {
      try {
        p.close();
      } catch (RuntimeException e) {
        errors.add(e);
      }
    }
    List<String> links;
    synchronized (underlayLinks) {
      links = new ArrayList<>(underlayLinks);
    }
    Collections.reverse(links);
    for (String link : links) {
      // deleting one end of a veth deletes both, at once (a namespace's devices go asynchronously)
      ProcessResult r = Exec.run(IP_TIMEOUT, ipCommand(hubNamespace, "link", "del", link));
      if (!r.ok() && RunRegistry.listLinks(hubNamespace).contains(link)) {
        errors.add(new LabException(r.describe()));
      } else {
        underlayLinks.remove(link);
      }
    }
    List<String> nss;
    synchronized (namespaces) {
      nss = new ArrayList<>(namespaces);
    }
    Collections.reverse(nss);
    for (String ns : nss) {
      RunRegistry.killProcessesIn(ns);
      ProcessResult r = Exec.run(IP_TIMEOUT, IpBinary.path(), "netns", "del", ns);
      if (!r.ok() && RunRegistry.listNamespaces().contains(ns)) {
        errors.add(new LabException(r.describe()));
      } else {
        namespaces.remove(ns);
      }
    }
    List<String> left = leftovers();
    if (!left.isEmpty()) {
      errors.add(new LabException("still present after cleanup: " + left));
    }
    if (tempDir != null) {
      try (Stream<Path> files = Files.walk(tempDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(Exec::deleteQuietly);
      } catch (IOException ignored) {
        // temp files are harmless
      }
    }
    run.close();
    return errors;
  }

  // ---------------------------------------------------------------- building networks

  private synchronized void ensureOpen() {
    if (closed) {
      throw new LabException("lab " + run.id() + " is closed");
    }
  }

  /** Runs {@code ip [-n ns] args...} and throws when it fails. */
  void ip(String namespace, String... args) {
    Exec.run(IP_TIMEOUT, ipCommand(namespace, args)).orThrow();
  }

  static List<String> ipCommand(String namespace, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(IpBinary.path());
    if (namespace != null) {
      cmd.add("-n");
      cmd.add(namespace);
    }
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  private void addNamespace(String ns) {
    ensureOpen();
    Exec.run(IP_TIMEOUT, IpBinary.path(), "netns", "add", ns).orThrow();
    namespaces.add(ns);
    ip(ns, "link", "set", "lo", "up");
    // No IPv6 unless asked: link-local, router solicitation and MLD chatter would otherwise cross
    // the tunnels and make hub counters nondeterministic. Kernels without IPv6 just ignore this.
    exec(
        ns,
        IP_TIMEOUT,
        "sh",
        "-c",
        "for f in all default lo; do echo 1 > /proc/sys/net/ipv6/conf/$f/disable_ipv6; done"
            + " 2>/dev/null; true");
  }

  private Ip4.Prefixed allocateVeth(String hostLink, String namespace, int vethMtu) {
    return RunRegistry.withAllocationLock(
        () -> {
          List<Ip4.Prefixed> used = new ArrayList<>();
          ProcessResult r =
              Exec.run(IP_TIMEOUT, ipCommand(hubNamespace, "-4", "-o", "addr", "show")).orThrow();
          Matcher m = INET.matcher(r.stdout());
          while (m.find()) {
            used.add(Ip4.Prefixed.parse(m.group(1)));
          }
          Ip4.Prefixed block = null;
          long size = 1L << (32 - UNDERLAY.length());
          for (long offset = 0; offset + 4 <= size && block == null; offset += 4) {
            Ip4.Prefixed candidate = new Ip4.Prefixed(UNDERLAY.network() + (int) offset, 30);
            boolean free =
                used.stream()
                    .noneMatch(
                        u ->
                            candidate.contains(u.address())
                                || (u.length() >= 16 && u.contains(candidate.address())));
            if (free) {
              block = candidate;
            }
          }
          if (block == null) {
            throw new LabException("no free /30 left in underlay range " + UNDERLAY);
          }
          ip(
              hubNamespace,
              "link",
              "add",
              hostLink,
              "mtu",
              Integer.toString(vethMtu),
              "type",
              "veth",
              "peer",
              "name",
              Network.VETH_DEVICE,
              "mtu",
              Integer.toString(vethMtu),
              "netns",
              namespace);
          underlayLinks.add(hostLink);
          Ip4.Prefixed hostSide = new Ip4.Prefixed(block.network() + 1, 30);
          ip(hubNamespace, "addr", "add", hostSide.toString(), "dev", hostLink);
          return block;
        });
  }

  private synchronized Network createNetwork(NetworkBuilder b) {
    ensureOpen();
    if (!NAME.matcher(b.name).matches() || b.name.equals("hub")) {
      throw new IllegalArgumentException(
          "network name must match " + NAME + " and not be \"hub\": " + b.name);
    }
    if (networks.containsKey(b.name)) {
      throw new IllegalArgumentException("network " + b.name + " exists already");
    }
    if (b.vni < 1 || b.vni > 0xFFFFFF) {
      throw new IllegalArgumentException("VNI must be in 1..16777215: " + b.vni);
    }
    if (b.cidr == null || b.host == null) {
      throw new IllegalArgumentException("network " + b.name + " needs cidr(...) and host(...)");
    }
    if (b.mtu < 68 || b.mtu > 65535 - VXLAN_OVERHEAD) {
      throw new IllegalArgumentException("MTU out of range: " + b.mtu);
    }
    Ip4.Prefixed cidr = Ip4.Prefixed.parse(b.cidr);
    int host = Ip4.parse(b.host);
    if (!cidr.contains(host)) {
      throw new IllegalArgumentException(b.host + " is not inside " + b.cidr);
    }
    int index = networkCounter.getAndIncrement();
    Ip4.Prefixed gateway =
        b.gateway != null
            ? Ip4.Prefixed.parse(b.gateway)
            : new Ip4.Prefixed(Ip4.parse("169.254." + (10 + index) + ".1"), 30);
    int onLink = b.onLink != null ? Ip4.parse(b.onLink) : otherHost(gateway);
    if (!gateway.contains(onLink) || onLink == gateway.address()) {
      throw new IllegalArgumentException(
          "on-link address " + Ip4.format(onLink) + " must be another address in " + gateway);
    }
    for (String route : b.routes) {
      Ip4.Prefixed.parse(route); // validate early
    }

    String ns = prefix() + b.name;
    String hostLink = RunRegistry.LINK_PREFIX + run.id() + "h" + index;
    int vethMtu = Math.max(VETH_MIN_MTU, b.mtu + VXLAN_OVERHEAD);
    addNamespace(ns);
    Ip4.Prefixed block = allocateVeth(hostLink, ns, vethMtu);
    String vethHost = Ip4.format(block.network() + 1);
    String vethNs = Ip4.format(block.network() + 2);
    String hub = b.hubAddress != null ? b.hubAddress : vethHost;

    ip(hubNamespace, "link", "set", hostLink, "up");
    ip(ns, "addr", "add", vethNs + "/30", "dev", Network.VETH_DEVICE);
    ip(ns, "link", "set", Network.VETH_DEVICE, "up");
    // With transmit checksum offload, the kernel hands the tunnelled packet to the veth with its
    // inner TCP/UDP checksum still to be filled in; a hub in user space would receive it so. Real
    // tunnel endpoints send finished checksums, so the lab makes the kernel compute them.
    exec(
            ns,
            IpBinary.find("ethtool").map(Object::toString).orElse("ethtool"),
            "-K",
            Network.VETH_DEVICE,
            "tx",
            "off")
        .orThrow();
    addTunnel(ns, b.vni, hub, b.hubPort, vethHost, vethNs, b.mtu, b.host, cidr.length());
    addGatewayAndRoutes(ns, Ip4.format(onLink), gateway, b.routes, b.host);
    Network network =
        new Network(
            b.name,
            index,
            ns,
            b.vni,
            cidr.networkText(),
            b.host,
            gateway.addressText(),
            Ip4.format(onLink),
            gateway.length(),
            b.routes,
            hub,
            b.hubPort,
            b.mtu,
            hostLink,
            vethHost,
            vethNs,
            30);
    networks.put(b.name, network);
    return network;
  }

  /**
   * Points {@code network}'s tunnel at another hub address and UDP port (as a network does once the
   * hub tells it where to send): its VXLAN interface is made anew with the same VNI, addresses and
   * routes. Returns the network as it is now.
   */
  public Network retunnel(Network network, String hubAddress, int hubPort) {
    String ns = network.namespace();
    ip(ns, "link", "del", Network.VXLAN_DEVICE);
    if (!network.hubAddress().equals(network.vethHostAddress())
        && !network.hubAddress().equals(hubAddress)) {
      ip(ns, "route", "del", network.hubAddress() + "/32");
    }
    Ip4.Prefixed cidr = Ip4.Prefixed.parse(network.cidr());
    addTunnel(
        ns,
        network.vni(),
        hubAddress,
        hubPort,
        network.vethHostAddress(),
        network.vethNamespaceAddress(),
        network.mtu(),
        network.hostAddress(),
        cidr.length());
    addGatewayAndRoutes(
        ns,
        network.onLinkAddress(),
        Ip4.Prefixed.parse(network.gatewayCidr()),
        network.routes(),
        network.hostAddress());
    Network moved =
        new Network(
            network.name(),
            network.index(),
            ns,
            network.vni(),
            network.cidr(),
            network.hostAddress(),
            network.gatewayAddress(),
            network.onLinkAddress(),
            network.onLinkPrefixLength(),
            network.routes(),
            hubAddress,
            hubPort,
            network.mtu(),
            network.vethHostName(),
            network.vethHostAddress(),
            network.vethNamespaceAddress(),
            network.vethPrefixLength());
    networks.put(network.name(), moved);
    return moved;
  }

  /** The VXLAN interface to {@code hub}, with the network's own address on it. */
  private void addTunnel(
      String ns,
      int vni,
      String hub,
      int hubPort,
      String vethHost,
      String vethNs,
      int mtu,
      String host,
      int cidrLength) {
    if (!hub.equals(vethHost)) {
      ip(ns, "route", "replace", hub + "/32", "via", vethHost, "dev", Network.VETH_DEVICE);
    }
    ip(
        ns,
        "link",
        "add",
        Network.VXLAN_DEVICE,
        "type",
        "vxlan",
        "id",
        Integer.toString(vni),
        "remote",
        hub,
        "local",
        vethNs,
        "dstport",
        Integer.toString(hubPort),
        "nolearning");
    ip(ns, "link", "set", Network.VXLAN_DEVICE, "mtu", Integer.toString(mtu), "up");
    ip(ns, "addr", "add", host + "/" + cidrLength, "dev", Network.VXLAN_DEVICE);
  }

  /** The on-link address in the gateway's prefix and the routes via the gateway. */
  private void addGatewayAndRoutes(
      String ns, String onLink, Ip4.Prefixed gateway, List<String> routes, String host) {
    ip(ns, "addr", "add", onLink + "/" + gateway.length(), "dev", Network.VXLAN_DEVICE);
    for (String route : routes) {
      ip(
          ns,
          "route",
          "add",
          Ip4.Prefixed.parse(route).networkText(),
          "via",
          gateway.addressText(),
          "dev",
          Network.VXLAN_DEVICE,
          "src",
          host);
    }
  }

  /** In a /30 the other usable address; otherwise the next address. */
  private static int otherHost(Ip4.Prefixed gateway) {
    if (gateway.length() == 30) {
      int offset = gateway.address() - gateway.network();
      if (offset == 1) {
        return gateway.network() + 2;
      }
      if (offset == 2) {
        return gateway.network() + 1;
      }
    }
    return gateway.address() + 1;
  }

  /**
   * Describes one network; {@link #create()} builds it. Required: {@link #cidr}, {@link #host}.
   * Defaults: VNI 1000 + index, gateway 169.254.(10 + index).1/30 with the namespace at .2, hub =
   * the veth's host address on port 4789, MTU 1450, no routes.
   */
  public final class NetworkBuilder {
    private final String name;
    private int vni;
    private String cidr;
    private String host;
    private String gateway;
    private String onLink;
    private final List<String> routes = new ArrayList<>();
    private String hubAddress;
    private int hubPort = DEFAULT_VXLAN_PORT;
    private int mtu = DEFAULT_MTU;

    private NetworkBuilder(String name) {
      this.name = name;
      this.vni = 1000 + networks.size();
    }

    /** The VXLAN network identifier (1..16777215). */
    public NetworkBuilder vni(int vni) {
      this.vni = vni;
      return this;
    }

    /** The network's prefix, e.g. "192.168.1.0/24". */
    public NetworkBuilder cidr(String cidr) {
      this.cidr = cidr;
      return this;
    }

    /** The host's address inside the cidr, e.g. "192.168.1.10". */
    public NetworkBuilder host(String address) {
      this.host = address;
      return this;
    }

    /** The hub's gateway on this segment with its prefix, e.g. "169.254.10.1/30". */
    public NetworkBuilder gateway(String gatewayCidr) {
      this.gateway = gatewayCidr;
      return this;
    }

    /** The namespace's own address on the gateway segment (default: the other /30 address). */
    public NetworkBuilder onLink(String address) {
      this.onLink = address;
      return this;
    }

    /** Prefixes of other networks, routed via the gateway. */
    public NetworkBuilder routes(String... prefixes) {
      this.routes.addAll(Arrays.asList(prefixes));
      return this;
    }

    /**
     * Where the tunnel goes: the hub's underlay address and UDP port. An address other than the
     * veth's host address gets a /32 route via the veth; the hub must own that address.
     */
    public NetworkBuilder hub(String address, int port) {
      this.hubAddress = address;
      this.hubPort = port;
      return this;
    }

    /** The tunnel's UDP destination port, keeping the default hub address. */
    public NetworkBuilder hubPort(int port) {
      this.hubPort = port;
      return this;
    }

    /** MTU of the VXLAN interface; the veth gets at least this + 50. */
    public NetworkBuilder mtu(int mtu) {
      this.mtu = mtu;
      return this;
    }

    /** Creates the namespace, veth, VXLAN interface, addresses and routes. */
    public Network create() {
      return createNetwork(this);
    }
  }
}
