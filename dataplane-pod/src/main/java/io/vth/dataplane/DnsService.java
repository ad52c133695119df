package io.vth.dataplane;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.PrefixTranslation;
import io.vth.core.config.DecisionConfig;
import io.vth.core.dns.AddressRewriter;
import io.vth.core.dns.DnsHeader;
import io.vth.core.dns.DnsMessage;
import io.vth.core.dns.DnsParseResult;
import io.vth.core.dns.DnsQuestion;
import io.vth.core.dns.DnsQuestionKey;
import io.vth.core.dns.DnsReader;
import io.vth.core.dns.DnsRecord;
import io.vth.core.dns.DnsResponses;
import io.vth.core.dns.DnsRewriter;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.Udp;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub's resolver on the gateway address of each attachment (DnsPolicy modes Endpoint and
 * Share): UDP port 53 of the gateway answers from the policy's records, forwards queries for a zone
 * to the owning network's resolvers through the hub (from the hub's gateway address in that
 * network's segment) and returns their answers with the addresses of the owner's translated ranges
 * rewritten to what the asking network sees. Names of the asking network itself are never
 * rewritten.
 *
 * <p>Forwarding safety (RFC 5452): each forwarded query gets a random ID and a random source port;
 * an answer is accepted only from the server asked, to that port, with that ID and that question.
 * Malformed messages are dropped and counted. Pending queries are bounded ({@link #MAX_PENDING}).
 *
 * <p>Slow path: one instance per pod, shared by its workers (a reply may reach another worker than
 * the one that forwarded the query); it allocates modestly per query.
 */
public final class DnsService {

  /** The DNS port. */
  static final int PORT = 53;

  /** Most forwarded queries waiting for an answer, pod-wide. */
  static final int MAX_PENDING = 1024;

  /**
   * Forwarded queries one asking attachment may have pending: a quarter of {@link #MAX_PENDING}.
   */
  static final int PENDING_PER_ATTACHMENT = MAX_PENDING / 4;

  /** How long one forwarded query waits for its answer. */
  static final long TIMEOUT_NANOS = 2_000_000_000L;

  /** Largest answer the hub writes itself over UDP (RFC 1035 without EDNS). */
  static final int MAX_UDP_ANSWER = 512;

  /** Largest answer over TCP (the 2-byte length prefix). */
  static final int MAX_TCP_ANSWER = 0xffff;

  /**
   * The EDNS(0) UDP payload size announced to a network's resolver for a query that came over TCP
   * (RFC 6891): large enough for most answers, small enough not to be fragmented on a VXLAN segment
   * (the hub does not reassemble IP fragments).
   */
  static final int FORWARD_EDNS_SIZE = 1232;

  private static final int TYPE_OPT = 41;

  private static final int RCODE_NOTIMP = 4;
  private static final int FIRST_PORT = 1024;

  /** What happened to a query: the {@code result} label of {@code vth_dns_queries_total}. */
  public enum Result {
    /** The hub answered from the policy's records. */
    ANSWERED("answered"),
    /** Forwarded to a network's resolver (or an upstream). */
    FORWARDED("forwarded"),
    /** A forwarded query's answer went back to the asking network. */
    RELAYED("relayed"),
    /** Not answered here: mode, attachment or name not covered by the policy. */
    REFUSED("refused"),
    /** No resolver answered in time, or the owner has none. */
    SERVFAIL("servfail");

    private final String label;

    Result(String label) {
      this.label = label;
    }

    /** The metric label. */
    public String label() {
      return label;
    }
  }

  /** Why a DNS message was dropped: the {@code reason} label of {@code vth_dns_dropped_total}. */
  public enum Drop {
    /** A query or answer that fails the codec's checks (RFC 9267 names, counts, lengths). */
    MALFORMED("malformed"),
    /** An answer that matches no pending query (ID, port, server or question differ). */
    NO_MATCH("no_match"),
    /** A forwarded query that no resolver answered in time. */
    TIMEOUT("timeout"),
    /** Too many forwarded queries pending. */
    OVERLOAD("overload"),
    /** The asking attachment has its share of pending forwarded queries already. */
    TENANT_LIMIT("tenant_limit"),
    /** A message the resolver does not take (a response sent to port 53). */
    UNSUPPORTED("unsupported");

    private final String label;

    Drop(String label) {
      this.label = label;
    }

    /** The metric label. */
    public String label() {
      return label;
    }
  }

  /** An attachment as the resolver sees it. */
  private record Network(
      String name,
      int vni,
      int[] servers,
      List<Cidr> cidrs,
      List<PrefixTranslation> translations) {}

  /** A static record: names answered with real addresses of one attachment. */
  private record Record(String attachment, List<IpAddress> addresses) {}

  /** A zone: names ending in {@code suffix} ("b.internal.") are answered by {@code owner}. */
  private record Zone(String suffix, String owner) {}

  /** The DNS policy of one hub. */
  private record Policy(
      String mode,
      int ttlCap,
      Set<String> shared,
      List<Zone> zones,
      Map<String, List<Record>> records,
      List<IpAddress> upstreams) {

    boolean serves(String attachment) {
      return shared.isEmpty() || shared.contains(attachment);
    }

    boolean endpoint() {
      return "Endpoint".equals(mode);
    }

    boolean resolves() {
      return "Endpoint".equals(mode) || "Share".equals(mode);
    }

    Zone zoneOf(String name) {
      for (Zone z : zones) {
        if (name.equals(z.suffix) || name.endsWith("." + z.suffix)) {
          return z;
        }
      }
      return null;
    }
  }

  /**
   * One generation of the DNS rules: the policy of each attachment's hub, the networks, and for
   * each attachment the attachments its routing domain has routes to (itself included): names, like
   * packets, stay inside the domain.
   */
  private record Tables(
      Map<String, Policy> policyOf, Map<String, Network> networks, Map<String, Set<String>> reach) {
    static final Tables EMPTY = new Tables(Map.of(), Map.of(), Map.of());

    boolean reaches(String asker, String owner) {
      return asker.equals(owner) || reach.getOrDefault(asker, Set.of()).contains(owner);
    }
  }

  /** A query forwarded to a network's resolver, waiting for its answer. */
  private record Pending(
      long key,
      Network owner,
      int server,
      int serverIndex,
      int port,
      DnsQuestionKey question,
      byte[] query,
      boolean ednsAdded,
      int clientVni,
      int clientIp,
      int clientPort,
      long clientMac,
      int clientId,
      DnsTcp.Conn tcp,
      AddressRewriter rewriter,
      int ttlCap,
      long deadline) {}

  private final DataplaneState state;
  private final SecureRandom random = new SecureRandom();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> pendingPerClient = new ConcurrentHashMap<>();
  private final LongAdder[] results = adders(Result.values().length);
  private final LongAdder[] drops = adders(Drop.values().length);
  private final DnsTcp tcp = new DnsTcp(this);
  private volatile Tables tables = Tables.EMPTY;

  DnsService(DataplaneState state) {
    this.state = state;
  }

  /** DNS over TCP on the gateways. */
  DnsTcp tcp() {
    return tcp;
  }

  /** TCP connections that ended with {@code event}. */
  public long tcpCount(DnsTcp.Event event) {
    return tcp.count(event);
  }

  /** Open TCP connections. */
  public int tcpOpen() {
    return tcp.openCount();
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  /** Queries that ended with {@code result}. */
  public long count(Result result) {
    return results[result.ordinal()].sum();
  }

  /** Messages dropped for {@code reason}. */
  public long dropped(Drop reason) {
    return drops[reason.ordinal()].sum();
  }

  /** Forwarded queries waiting for an answer. */
  public int pendingCount() {
    return pending.size();
  }

  // ------------------------------------------------------------------------------ configuration

  /** Takes the DNS rules of a new config generation. */
  void accept(DecisionConfig config) {
    Map<String, Policy> policyOf = new HashMap<>();
    Map<String, Network> networks = new HashMap<>();
    Map<String, Set<String>> reach = new HashMap<>();
    for (DecisionConfig.Hub hub : config.hubs()) {
      Map<String, Set<String>> reachOfDomain = new HashMap<>();
      for (DecisionConfig.Domain d : hub.domains()) {
        Set<String> targets = new HashSet<>();
        for (DecisionConfig.Route r : d.routes()) {
          if (!r.blackhole()) {
            targets.add(r.attachment());
          }
        }
        reachOfDomain.put(d.name(), Set.copyOf(targets));
      }
      for (DecisionConfig.Attachment a : hub.attachments()) {
        reach.put(a.name(), reachOfDomain.getOrDefault(a.domain(), Set.of()));
      }
      Map<String, List<PrefixTranslation>> translations = new HashMap<>();
      for (DecisionConfig.Translation t : hub.translations()) {
        translations
            .computeIfAbsent(t.attachment(), k -> new ArrayList<>())
            .add(PrefixTranslation.of(Cidr.parse(t.from()), Cidr.parse(t.to())));
      }
      for (DecisionConfig.Attachment a : hub.attachments()) {
        int[] servers =
            a.dnsServers().stream()
                .map(IpAddress::parse)
                .filter(IpAddress::isIpv4)
                .mapToInt(IpAddress::ipv4)
                .toArray();
        networks.put(
            a.name(),
            new Network(
                a.name(),
                a.vni(),
                servers,
                a.cidrs().stream().map(Cidr::parse).toList(),
                List.copyOf(translations.getOrDefault(a.name(), List.of()))));
      }
      if (hub.dns() == null) {
        continue;
      }
      Policy policy = policy(hub.dns());
      for (DecisionConfig.Attachment a : hub.attachments()) {
        policyOf.put(a.name(), policy);
      }
    }
    tables = new Tables(Map.copyOf(policyOf), Map.copyOf(networks), Map.copyOf(reach));
  }

  private static Policy policy(DecisionConfig.Dns dns) {
    List<Zone> zones = new ArrayList<>();
    for (DecisionConfig.Zone z : dns.zones()) {
      zones.add(new Zone(canonical(z.domain()), z.attachment()));
    }
    // Longest suffix first, so a.b.internal wins over b.internal.
    zones.sort(Comparator.comparingInt((Zone z) -> z.suffix.length()).reversed());
    Map<String, List<Record>> records = new HashMap<>();
    for (DecisionConfig.DnsRecord r : dns.records()) {
      records
          .computeIfAbsent(canonical(r.name()), k -> new ArrayList<>())
          .add(new Record(r.attachment(), r.addresses().stream().map(IpAddress::parse).toList()));
    }
    return new Policy(
        dns.mode(),
        Math.max(0, dns.ttlSeconds()),
        Set.copyOf(dns.attachments()),
        List.copyOf(zones),
        Map.copyOf(records),
        dns.upstreams().stream().map(IpAddress::parse).toList());
  }

  /** Lower case with a trailing dot: "DB.b.internal" becomes "db.b.internal.". */
  static String canonical(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n : n + ".";
  }

  // ------------------------------------------------------------------------------ datagrams

  /**
   * Handles a UDP datagram sent to the gateway of {@code seg}: a query to port 53, or the answer of
   * a forwarded query.
   *
   * @return false when it is neither (the caller drops it)
   */
  boolean onDatagram(
      PacketWorker worker, Segment seg, byte[] buf, int ip, int length, long srcMac, long now) {
    int ihl = Ipv4.headerLength(buf, ip);
    int udp = ip + ihl;
    if (length - ihl < Udp.HEADER_LENGTH) {
      drop(Drop.MALFORMED);
      return true;
    }
    int udpLength = Udp.length(buf, udp);
    if (udpLength < Udp.HEADER_LENGTH
        || udpLength > length - ihl
        || !Udp.verifyIpv4(buf, ip, udp)) {
      drop(Drop.MALFORMED);
      return true;
    }
    int dns = udp + Udp.HEADER_LENGTH;
    int dnsLength = udpLength - Udp.HEADER_LENGTH;
    if (Udp.destinationPort(buf, udp) == PORT) {
      query(
          worker,
          seg,
          buf,
          dns,
          dnsLength,
          Ipv4.source(buf, ip),
          Udp.sourcePort(buf, udp),
          srcMac,
          null,
          now);
      return true;
    }
    if (Udp.sourcePort(buf, udp) == PORT) {
      answer(worker, seg, buf, ip, udp, dns, dnsLength, now);
      return true;
    }
    return false;
  }

  /** Whether the gateway of {@code seg} serves DNS (so TCP to its port 53 is accepted). */
  boolean servesTcp(Segment seg) {
    Policy policy = tables.policyOf().get(seg.name);
    return policy != null && policy.resolves() && policy.serves(seg.name);
  }

  /** Handles the query that came whole over TCP connection {@code c}. */
  void onTcpQuery(PacketWorker worker, DnsTcp.Conn c, byte[] buf, int off, int len, long now) {
    query(worker, c.seg, buf, off, len, c.key.ip(), c.key.port(), c.mac, c, now);
  }

  private void query(
      PacketWorker worker,
      Segment seg,
      byte[] buf,
      int dns,
      int dnsLength,
      int clientIp,
      int clientPort,
      long srcMac,
      DnsTcp.Conn conn,
      long now) {
    DnsParseResult parsed = DnsMessage.parse(buf, dns, dnsLength);
    if (!parsed.isOk()) {
      drop(Drop.MALFORMED);
      return;
    }
    DnsMessage q = parsed.message();
    if (q.isResponse()) {
      drop(Drop.UNSUPPORTED);
      return;
    }
    Client client = new Client(seg, clientIp, clientPort, srcMac, q.id(), conn);
    if (q.questions().size() != 1) {
      respond(
          worker,
          now,
          client,
          DnsResponses.respond(q, 0, DnsHeader.RCODE_FORMERR, List.of(), List.of()));
      record(Result.REFUSED);
      return;
    }
    if (q.opcode() != DnsHeader.OPCODE_QUERY) {
      respond(worker, now, client, DnsResponses.respond(q, 0, RCODE_NOTIMP, List.of(), List.of()));
      record(Result.REFUSED);
      return;
    }
    Tables t = tables;
    Policy policy = t.policyOf().get(seg.name);
    if (policy == null || !policy.resolves() || !policy.serves(seg.name)) {
      refuse(worker, now, client, q);
      return;
    }
    DnsQuestion question = q.questions().get(0);
    String name = canonical(question.name().toString());
    if (policy.endpoint()) {
      List<Record> records = policy.records().get(name);
      if (records != null) {
        List<Record> reachable =
            records.stream().filter(r -> t.reaches(seg.name, r.attachment())).toList();
        if (reachable.isEmpty()) {
          // The name's addresses lie in networks the asker's routing domain never reaches.
          refuse(worker, now, client, q);
          return;
        }
        respond(
            worker,
            now,
            client,
            DnsResponses.answer(q, answers(t, policy, seg, question, reachable)));
        record(Result.ANSWERED);
        return;
      }
    }
    Zone zone = policy.zoneOf(name);
    if (zone != null) {
      if (!t.reaches(seg.name, zone.owner())) {
        refuse(worker, now, client, q);
        return;
      }
      Network owner = t.networks().get(zone.owner());
      if (owner == null || !policy.serves(owner.name()) || owner.servers().length == 0) {
        respond(worker, now, client, DnsResponses.servfail(q));
        record(Result.SERVFAIL);
        return;
      }
      forward(worker, client, buf, dns, dnsLength, owner, owner.servers(), policy, now);
      return;
    }
    if (policy.endpoint() && !policy.upstreams().isEmpty()) {
      for (IpAddress upstream : policy.upstreams()) {
        Network via = networkHolding(t, upstream);
        if (via != null && upstream.isIpv4() && t.reaches(seg.name, via.name())) {
          forward(
              worker, client, buf, dns, dnsLength, via, new int[] {upstream.ipv4()}, policy, now);
          return;
        }
      }
    }
    refuse(worker, now, client, q);
  }

  /**
   * The asking side of a query: where the answer goes, and with which ID; {@code tcp} is the
   * connection the query came on, null for UDP.
   */
  private record Client(Segment seg, int ip, int port, long mac, int id, DnsTcp.Conn tcp) {}

  private static Network networkHolding(Tables t, IpAddress address) {
    for (Network n : t.networks().values()) {
      for (Cidr c : n.cidrs()) {
        if (c.contains(address)) {
          return n;
        }
      }
    }
    return null;
  }

  /** The records' addresses of the asked type, each translated as the asking network sees it. */
  private static List<DnsRecord> answers(
      Tables t, Policy policy, Segment asker, DnsQuestion question, List<Record> records) {
    List<DnsRecord> out = new ArrayList<>();
    long ttl = policy.ttlCap() == 0 ? 30 : policy.ttlCap();
    for (Record r : records) {
      Network owner = t.networks().get(r.attachment());
      boolean rewrite = owner != null && !owner.name().equals(asker.name);
      for (IpAddress a : r.addresses()) {
        boolean wanted =
            question.dnsClass() == DnsRewriter.CLASS_IN
                && ((question.type() == DnsRewriter.TYPE_A && a.isIpv4())
                    || (question.type() == DnsRewriter.TYPE_AAAA && a.isIpv6()));
        if (!wanted) {
          continue;
        }
        byte[] bytes = a.toBytes();
        if (rewrite) {
          translator(owner.translations()).rewrite(bytes, 0, bytes.length);
        }
        out.add(record(question, ttl, bytes));
      }
    }
    return out;
  }

  private static DnsRecord record(DnsQuestion question, long ttl, byte[] address) {
    try {
      InetAddress a = InetAddress.getByAddress(address);
      return a instanceof Inet4Address v4
          ? DnsRecord.a(question.name(), ttl, v4)
          : DnsRecord.aaaa(question.name(), ttl, (Inet6Address) a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of length " + address.length, e);
    }
  }

  /** Rewrites an address through the first translation whose real range holds it. */
  private static AddressRewriter translator(List<PrefixTranslation> translations) {
    return (buf, off, len) -> {
      for (PrefixTranslation t : translations) {
        if (t.translateInPlace(buf, off, len)) {
          return true;
        }
      }
      return false;
    };
  }

  private void forward(
      PacketWorker worker,
      Client client,
      byte[] buf,
      int dns,
      int dnsLength,
      Network owner,
      int[] servers,
      Policy policy,
      long now) {
    if (pending.size() >= MAX_PENDING) {
      drop(Drop.OVERLOAD);
      return;
    }
    if (clientPending(client.seg().vni).get() >= client.seg().limits.dnsPendingQueries()) {
      drop(Drop.TENANT_LIMIT);
      return;
    }
    byte[] query = Arrays.copyOfRange(buf, dns, dns + dnsLength);
    boolean ednsAdded = false;
    if (client.tcp() != null) {
      byte[] larger = withEdnsSize(query, FORWARD_EDNS_SIZE);
      ednsAdded = larger.length != query.length;
      query = larger;
    }
    int id = random.nextInt(0x10000);
    query[0] = (byte) (id >>> 8);
    query[1] = (byte) id;
    DnsQuestionKey key = new DnsQuestionKey();
    if (key.extract(query, 0, query.length) < 0) {
      drop(Drop.MALFORMED);
      return;
    }
    boolean own = owner.name().equals(client.seg().name);
    AddressRewriter rewriter =
        own || owner.translations().isEmpty() ? null : translator(owner.translations());
    Pending p = null;
    for (int tries = 0; p == null && tries < 16; tries++) {
      int port = FIRST_PORT + random.nextInt(0x10000 - FIRST_PORT);
      long k = ((long) owner.vni() << 16) | port;
      Pending candidate =
          new Pending(
              k,
              owner,
              servers[0],
              0,
              port,
              key,
              query,
              ednsAdded,
              client.seg().vni,
              client.ip(),
              client.port(),
              client.mac(),
              client.id(),
              client.tcp(),
              rewriter,
              policy.ttlCap(),
              now + TIMEOUT_NANOS);
      if (pending.putIfAbsent(k, candidate) == null) {
        p = candidate;
        clientPending(client.seg().vni).incrementAndGet();
      }
    }
    if (p == null) {
      drop(Drop.OVERLOAD);
      return;
    }
    record(Result.FORWARDED);
    send(worker, p, now);
  }

  private AtomicInteger clientPending(int vni) {
    return pendingPerClient.computeIfAbsent(vni, v -> new AtomicInteger());
  }

  /** Sends the pending query to its server, from the hub's gateway on the owner's segment. */
  private void send(PacketWorker worker, Pending p, long now) {
    Segment to = state.segments().get(p.owner().vni());
    if (to == null) {
      return;
    }
    worker.services.sendDatagram(to, p.server(), p.port(), PORT, p.query(), p.query().length, now);
  }

  private void answer(
      PacketWorker worker,
      Segment seg,
      byte[] buf,
      int ip,
      int udp,
      int dns,
      int dnsLength,
      long now) {
    long k = ((long) seg.vni << 16) | Udp.destinationPort(buf, udp);
    Pending p = pending.get(k);
    if (p == null || Ipv4.source(buf, ip) != p.server()) {
      drop(Drop.NO_MATCH);
      return;
    }
    DnsQuestionKey got = new DnsQuestionKey();
    if (got.extract(buf, dns, dnsLength) < 0) {
      drop(Drop.MALFORMED);
      return;
    }
    if (!got.answers(p.question())) {
      drop(Drop.NO_MATCH);
      return;
    }
    if (!pending.remove(k, p)) {
      return;
    }
    clientPending(p.clientVni()).decrementAndGet();
    int rewritten =
        DnsRewriter.rewriteAnswers(
            buf, dns, dnsLength, p.rewriter(), p.ttlCap() == 0 ? -1 : p.ttlCap());
    if (rewritten < 0) {
      drop(Drop.MALFORMED);
      return;
    }
    buf[dns] = (byte) (p.clientId() >>> 8);
    buf[dns + 1] = (byte) p.clientId();
    if (p.tcp() != null) {
      int length = p.ednsAdded() ? withoutEdns(buf, dns, dnsLength) : dnsLength;
      tcp.answer(worker, p.tcp(), buf, dns, length, now);
      record(Result.RELAYED);
      return;
    }
    Segment client = state.segments().get(p.clientVni());
    if (client != null) {
      worker.services.replyDatagram(
          client, p.clientMac(), p.clientIp(), PORT, p.clientPort(), buf, dns, dnsLength);
      record(Result.RELAYED);
    }
  }

  /** Retries timed-out queries on the owner's next server, or answers SERVFAIL. */
  void tick(PacketWorker worker, long now) {
    tcp.tick(worker, now);
    if (pending.isEmpty()) {
      return;
    }
    Iterator<Pending> it = pending.values().iterator();
    while (it.hasNext()) {
      Pending p = it.next();
      if (now - p.deadline() < 0 || !pending.remove(p.key(), p)) {
        continue;
      }
      clientPending(p.clientVni()).decrementAndGet();
      drop(Drop.TIMEOUT);
      int next = p.serverIndex() + 1;
      int[] servers = p.owner().servers();
      if (next < servers.length && servers[next] != p.server()) {
        Pending retry =
            new Pending(
                p.key(),
                p.owner(),
                servers[next],
                next,
                p.port(),
                p.question(),
                p.query(),
                p.ednsAdded(),
                p.clientVni(),
                p.clientIp(),
                p.clientPort(),
                p.clientMac(),
                p.clientId(),
                p.tcp(),
                p.rewriter(),
                p.ttlCap(),
                now + TIMEOUT_NANOS);
        if (pending.putIfAbsent(p.key(), retry) == null) {
          clientPending(p.clientVni()).incrementAndGet();
          send(worker, retry, now);
          continue;
        }
      }
      Segment seg = state.segments().get(p.clientVni());
      DnsParseResult q = DnsMessage.parse(p.query(), 0, p.query().length);
      if (seg != null && q.isOk()) {
        DnsMessage original = q.message();
        DnsMessage asked =
            new DnsMessage(
                p.clientId(),
                original.flags(),
                original.questions(),
                List.of(),
                List.of(),
                List.of());
        respond(
            worker,
            now,
            new Client(seg, p.clientIp(), p.clientPort(), p.clientMac(), p.clientId(), p.tcp()),
            DnsResponses.servfail(asked));
      }
      record(Result.SERVFAIL);
    }
  }

  private void refuse(PacketWorker worker, long now, Client client, DnsMessage q) {
    respond(worker, now, client, DnsResponses.refused(q));
    record(Result.REFUSED);
  }

  /** Answers over the client's transport: up to 512 bytes (TC set) over UDP, 65535 over TCP. */
  private void respond(PacketWorker worker, long now, Client client, DnsMessage response) {
    if (client.tcp() != null) {
      byte[] bytes = response.encode(MAX_TCP_ANSWER);
      tcp.answer(worker, client.tcp(), bytes, 0, bytes.length, now);
      return;
    }
    byte[] bytes = response.encode(MAX_UDP_ANSWER);
    worker.services.replyDatagram(
        client.seg(), client.mac(), client.ip(), PORT, client.port(), bytes, 0, bytes.length);
  }

  /**
   * The query with an EDNS(0) UDP payload size of at least {@code size}: its OPT record raised, or
   * one appended (then the result is longer than {@code query}). A query whose records cannot be
   * read is returned as it is.
   */
  static byte[] withEdnsSize(byte[] query, int size) {
    DnsReader r = new DnsReader();
    if (r.reset(query, 0, query.length) < 0) {
      return query;
    }
    int status;
    while ((status = r.next()) == 1) {
      if (r.section() == DnsReader.ADDITIONAL && r.type() == TYPE_OPT) {
        if (r.dnsClass() < size) {
          int classOffset = r.ttlOffset() - 2;
          query[classOffset] = (byte) (size >>> 8);
          query[classOffset + 1] = (byte) size;
        }
        return query;
      }
    }
    int additional = DnsHeader.count(query, 0, DnsReader.ADDITIONAL);
    if (status < 0 || additional == 0xffff) {
      return query;
    }
    byte[] out = Arrays.copyOf(query, query.length + 11);
    int o = query.length;
    out[o] = 0; // root name
    out[o + 1] = 0;
    out[o + 2] = (byte) TYPE_OPT;
    out[o + 3] = (byte) (size >>> 8);
    out[o + 4] = (byte) size;
    // TTL (extended RCODE, version, flags) and RDLENGTH stay 0.
    out[10] = (byte) ((additional + 1) >>> 8);
    out[11] = (byte) (additional + 1);
    return out;
  }

  /**
   * Removes the OPT record the hub added to a forwarded query from its answer, when it is the
   * message's last record (as servers write it); returns the new length.
   */
  static int withoutEdns(byte[] msg, int off, int len) {
    DnsReader r = new DnsReader();
    if (r.reset(msg, off, len) < 0) {
      return len;
    }
    while (r.next() == 1) {
      if (r.section() == DnsReader.ADDITIONAL
          && r.type() == TYPE_OPT
          && r.rdataOffset() + r.rdLength() == off + len) {
        int additional = DnsHeader.count(msg, off, DnsReader.ADDITIONAL);
        msg[off + 10] = (byte) ((additional - 1) >>> 8);
        msg[off + 11] = (byte) (additional - 1);
        return r.nameOffset() - off;
      }
    }
    return len;
  }

  private void record(Result result) {
    results[result.ordinal()].increment();
  }

  private void drop(Drop reason) {
    drops[reason.ordinal()].increment();
  }
}
