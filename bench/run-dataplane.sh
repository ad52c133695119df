#!/usr/bin/env bash
# Data plane end to end (issue 9, item 2): the same two-namespace topology twice, once with the Linux kernel
# as the hub and once with a vth dataplane pod + decision pod (separate JVMs from the runnable jars), measured
# in one run, rounds interleaved; then the dataplane pod's own ceiling on loopback with a dedicated VXLAN
# generator against a trivial Java UDP relay, and a JFR recording of the pod under that load.
#
#   bench/run-dataplane.sh                 # build, measure, print the tables (about 4 minutes)
#   ROUNDS=3 DURATION=10 bench/run-dataplane.sh
#   SKIP_BUILD=1 bench/run-dataplane.sh    # reuse the jars
#   SKIP_LAB=1 GENERATORS="plain sendmmsg" bench/run-dataplane.sh   # only the loopback ceiling, both generators
#
# Needs root, iproute2, iperf3, ping (iputils), ethtool, curl, python3. Everything it creates (namespaces
# vthb-<run>-*, host links vb<run>h*, processes) is removed on exit, also on failure or Ctrl-C; a later run
# removes what a killed run (SIGKILL) left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ROUNDS=${ROUNDS:-2}            # kernel/vth measurement rounds, order alternating
DURATION=${DURATION:-5}        # seconds per iperf3 run
STREAMS=${STREAMS:-4}          # parallel iperf3 UDP streams
PINGS=${PINGS:-200}            # pings per latency run, 10 ms apart
FIRST_IDS=${FIRST_IDS:-30}     # new ICMP ids (ping processes) per first-packet run
BLAST_SECONDS=${BLAST_SECONDS:-5}
JFR_SECONDS=${JFR_SECONDS:-10}
GENERATORS=${GENERATORS:-plain}  # loopback generators: plain (one sendto per datagram) and/or sendmmsg (Netty, 64 per call)
SKIP_LAB=${SKIP_LAB:-}           # set: only the loopback part (the topologies are still built and checked)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench/target/results/dataplane-$STAMP}
mkdir -p "$OUT"
LOG=$OUT/run.log
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$LOG" >&2; }
load() { echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S) ($1)" >> "$OUT/load.txt"; }

# ------------------------------------------------------------------------------------------ cleanup
RUNS_DIR=/tmp/vthb-runs
mkdir -p "$RUNS_DIR"
RUN=$(head -c2 /dev/urandom | od -An -tx1 | tr -d ' \n')
PIDS=()

cleanup_run() { # $1 = run id
  local r=$1 ns
  for ns in $(ip netns list | awk -v p="vthb-$r-" 'index($1,p)==1{print $1}'); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  for l in $(ip -o link show | awk -F': ' -v p="vb${r}h" 'index($2,p)==1{split($2,a,"@");print a[1]}'); do
    ip link del "$l" 2>/dev/null || true
  done
  # host-namespace processes of that run (pods, relay) outlive a script killed with SIGKILL
  if [ -f "$RUNS_DIR/$r.procs" ]; then
    for pid in $(cat "$RUNS_DIR/$r.procs"); do
      if { tr '\0' ' ' < /proc/$pid/cmdline; } 2>/dev/null | grep -q "vthb-run-$r"; then kill -9 "$pid" 2>/dev/null || true; fi
    done
  fi
  rm -f "$RUNS_DIR/$r.pid" "$RUNS_DIR/$r.procs"
}

cleanup() {
  local rc=$?
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  cleanup_run "$RUN"
  local left
  left=$(ip netns list | grep -c "^vthb-$RUN-" || true)
  [ "$left" = 0 ] || echo "WARNING: $left namespaces of run $RUN left" >&2
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# leftovers of runs whose script is gone (killed with SIGKILL)
for f in "$RUNS_DIR"/*.pid; do
  [ -e "$f" ] || continue
  r=$(basename "$f" .pid)
  if ! kill -0 "$(cat "$f")" 2>/dev/null; then
    echo "removing leftovers of dead run $r" >&2
    cleanup_run "$r"
  fi
done
echo $$ > "$RUNS_DIR/$RUN.pid"

for bin in ip iperf3 ping ethtool curl python3 java; do
  command -v $bin >/dev/null || { echo "missing: $bin" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "needs root" >&2; exit 1; }

# ------------------------------------------------------------------------------------------ build
if [ -z "${SKIP_BUILD:-}" ]; then
  log "building decision-pod, dataplane-pod and bench"
  ./mvnw -B -q ${MVN_OFFLINE--o} package -DskipTests -pl decision-pod,dataplane-pod,bench -am
fi
DECISION_JAR=$ROOT/decision-pod/target/vth-decision-pod-0.1.0-SNAPSHOT.jar
DATAPLANE_JAR=$ROOT/dataplane-pod/target/vth-dataplane-pod-0.1.0-SNAPSHOT.jar
BENCH_CP="$ROOT/bench/target/benchmarks.jar:$ROOT/decision-pod/target/lib/*"

free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, int(sys.argv[1])); s.bind(("",0)); print(s.getsockname()[1])' "$1"; }
VPORT=$(free_port 2)          # the VXLAN port: the dataplane pod's, and the tunnels' in both topologies
DPORT=$(free_port 2)          # decision pod UDP
DHTTP=$(free_port 1); PHTTP=$(free_port 1)
GPORT=$(free_port 2); SPORT=$(free_port 2); RPORT=$(free_port 2)

{
  echo "run $RUN at $STAMP on $(hostname): $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
  echo "kernel $(uname -r); $(java -version 2>&1 | head -1); $(iperf3 --version | head -1)"
  echo "ROUNDS=$ROUNDS DURATION=$DURATION STREAMS=$STREAMS PINGS=$PINGS FIRST_IDS=$FIRST_IDS BLAST_SECONDS=$BLAST_SECONDS"
  echo "vxlan port $VPORT, decision udp $DPORT"
} | tee -a "$LOG"
load start

# ------------------------------------------------------------------------------------------ topology
# Both topologies: network A (192.168.1.10/24, VNI 1001) and B (10.10.1.10/24, VNI 1002), each a namespace
# with a veth to the underlay (10.77.0.0/30 and 10.77.0.4/30, namespace end .2/.6) and a kernel VXLAN vx0
# to the hub's veth address; gateways 169.254.10.1/30 and 169.254.20.1/30, MTU 1450, transmit checksum
# offload off on the namespace veths (as the e2e labs do). Kernel: the veth host ends in namespace
# vthb-<run>-khub with VXLAN hvx0/hvx1, the gateway addresses and IPv4 forwarding. vth: the host ends in
# the host namespace, where the dataplane pod listens on UDP $VPORT.
ipn() { ip -n "$1" "${@:2}"; }

make_net() { # topo(k|v) name vni hostcidr onlink gateway route underlay_ns underlay_host_ns
  local t=$1 n=$2 vni=$3 host=$4 onlink=$5 gw=$6 route=$7 nsaddr=$8 hostaddr=$9 idx=${10}
  local ns=vthb-$RUN-$t$n link=vb${RUN}h$t$idx
  ip netns add "$ns"
  ipn "$ns" link set lo up
  ip netns exec "$ns" sh -c 'for f in all default lo; do echo 1 > /proc/sys/net/ipv6/conf/$f/disable_ipv6; done' 2>/dev/null || true
  if [ "$t" = k ]; then
    ipn vthb-$RUN-khub link add "$link" type veth peer name eth0 netns "$ns"
    ipn vthb-$RUN-khub addr add "$hostaddr/30" dev "$link"
    ipn vthb-$RUN-khub link set "$link" up
  else
    ip link add "$link" type veth peer name eth0 netns "$ns"
    ip addr add "$hostaddr/30" dev "$link"
    ip link set "$link" up
  fi
  ipn "$ns" addr add "$nsaddr/30" dev eth0
  ipn "$ns" link set eth0 up
  ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null
  ipn "$ns" link add vx0 type vxlan id "$vni" remote "$hostaddr" local "$nsaddr" dstport "$VPORT" nolearning
  ipn "$ns" link set vx0 mtu 1450 up
  ipn "$ns" addr add "$host" dev vx0
  ipn "$ns" addr add "$onlink/30" dev vx0
  ipn "$ns" route add "$route" via "${gw%/*}" dev vx0 src "${host%/*}"
}

log "building the kernel-hub topology"
ip netns add vthb-$RUN-khub
ipn vthb-$RUN-khub link set lo up
ip netns exec vthb-$RUN-khub sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward; for f in all default lo; do echo 1 > /proc/sys/net/ipv6/conf/$f/disable_ipv6; done'
make_net k a 1001 192.168.1.10/24 169.254.10.2 169.254.10.1/30 10.10.1.0/24 10.77.0.2 10.77.0.1 0
make_net k b 1002 10.10.1.10/24 169.254.20.2 169.254.20.1/30 192.168.1.0/24 10.77.0.6 10.77.0.5 1
H=vthb-$RUN-khub
ipn $H link add hvx0 type vxlan id 1001 remote 10.77.0.2 local 10.77.0.1 dstport "$VPORT" nolearning
ipn $H link set hvx0 mtu 1450 up
ipn $H addr add 169.254.10.1/30 dev hvx0
ipn $H link add hvx1 type vxlan id 1002 remote 10.77.0.6 local 10.77.0.5 dstport "$VPORT" nolearning
ipn $H link set hvx1 mtu 1450 up
ipn $H addr add 169.254.20.1/30 dev hvx1
ipn $H route add 192.168.1.0/24 via 169.254.10.2 dev hvx0
ipn $H route add 10.10.1.0/24 via 169.254.20.2 dev hvx1

log "building the vth topology"
make_net v a 1001 192.168.1.10/24 169.254.10.2 169.254.10.1/30 10.10.1.0/24 10.77.0.2 10.77.0.1 0
make_net v b 1002 10.10.1.10/24 169.254.20.2 169.254.20.1/30 192.168.1.0/24 10.77.0.6 10.77.0.5 1

# one config for the lab networks and the loopback generator's two attachments (g: 10.1.0.0/16 from
# 127.0.0.1, s: 10.2.0.0/16 to the sink at 127.0.0.2)
java -cp "$BENCH_CP" io.vth.bench.DecisionConfigs "$OUT/decision-config.json" 0 \
  a,1001,192.168.1.0/24,10.77.0.2,$VPORT,169.254.10.1/30 \
  b,1002,10.10.1.0/24,10.77.0.6,$VPORT,169.254.20.1/30 \
  g,2001,10.1.0.0/16,127.0.0.1,$GPORT,169.254.1.1/30 \
  s,2002,10.2.0.0/16,127.0.0.2,$SPORT,169.254.2.1/30 >> "$LOG"

log "starting the decision pod and the dataplane pod"
java -Dvthb.run=vthb-run-$RUN -jar "$DECISION_JAR" --config-file "$OUT/decision-config.json" --cell bench --pod-name decision-0 \
  --bind 127.0.0.1 --udp-port "$DPORT" --http-port "$DHTTP" > "$OUT/decision-pod.log" 2>&1 &
PIDS+=($!)
echo $! >> "$RUNS_DIR/$RUN.procs"
java -Dvthb.run=vthb-run-$RUN -jar "$DATAPLANE_JAR" --config-file "$OUT/decision-config.json" --cell bench --pod-name dataplane-0 \
  --decision-pods 127.0.0.1:$DPORT --vxlan-port "$VPORT" --http-port "$PHTTP" > "$OUT/dataplane-pod.log" 2>&1 &
DATAPLANE_PID=$!
PIDS+=($DATAPLANE_PID)
echo $DATAPLANE_PID >> "$RUNS_DIR/$RUN.procs"
for i in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PHTTP/readyz" >/dev/null 2>&1 && break
  kill -0 $DATAPLANE_PID 2>/dev/null || { cat "$OUT/dataplane-pod.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PHTTP/readyz" >/dev/null || { echo "dataplane pod not ready" >&2; tail -20 "$OUT"/*.log >&2; exit 1; }

# both topologies must forward before anything is measured (the first pings also warm ARP and the flows)
for t in k v; do
  ok=0
  for i in $(seq 1 20); do
    if ip netns exec vthb-$RUN-${t}a ping -n -c 1 -W 1 10.10.1.10 >/dev/null 2>&1; then ok=1; break; fi
  done
  [ $ok = 1 ] || { echo "topology $t does not forward A -> B" >&2; exit 1; }
  reply=$(ip netns exec vthb-$RUN-${t}a ping -n -c 3 -i 0.2 10.10.1.10 || true)
  echo "$reply" >> "$LOG"
  case $reply in
    *ttl=63*) ;;
    *) echo "topology $t: replies not one hop away: $reply" >&2; exit 1 ;;
  esac
done
log "both topologies forward A <-> B with one hop (TTL 63)"

# warm-up, not measured: JIT-compile the pods' paths (a cold JVM interprets its first packets) and fill
# every cache; the kernel hub gets the same traffic
for t in k v; do
  for args in "-u -l 64 -b 0 -P $STREAMS" ""; do
    timeout 30 ip netns exec vthb-$RUN-${t}b iperf3 -s -p 5200 -1 > /dev/null 2>&1 &
    srv=$!
    sleep 0.5
    ip netns exec vthb-$RUN-${t}a iperf3 -c 10.10.1.10 -p 5200 $args -t 3 > /dev/null 2>&1 || true
    wait $srv || true
  done
  ip netns exec vthb-$RUN-${t}a ping -n -q -c 300 -i 0.002 10.10.1.10 > /dev/null 2>&1 || true
done
log "warm-up done (3 s UDP, 3 s TCP, 300 pings through each hub)"

# ------------------------------------------------------------------------------------------ measurements
measure() { # topo round
  local t=$1 r=$2 a=vthb-$RUN-${1}a b=vthb-$RUN-${1}b p=$OUT/$1-r$2
  load "$t round $r begin"
  # round-trip latency: PINGS pings 10 ms apart (the first, a new flow, is left out of p50/p99 later)
  ip netns exec $a ping -n -c "$PINGS" -i 0.01 -W 1 10.10.1.10 > "$p-ping.txt" 2>&1 || true
  # first packet of a new flow: each ping process has its own ICMP id
  : > "$p-first.txt"
  for i in $(seq 1 "$FIRST_IDS"); do
    ip netns exec $a ping -n -c 5 -i 0.01 -W 1 10.10.1.10 >> "$p-first.txt" 2>&1 || true
    echo "----" >> "$p-first.txt"
    sleep 0.05
  done
  # UDP packets per second, 64-byte payloads, several streams, no rate limit
  timeout $((DURATION + 20)) ip netns exec $b iperf3 -s -p 5201 -1 > /dev/null 2>&1 &
  local srv=$!
  sleep 0.5
  ip netns exec $a iperf3 -c 10.10.1.10 -p 5201 -u -l 64 -b 0 -P "$STREAMS" -t "$DURATION" --json \
    > "$p-udp.json" 2>&1 || true
  wait $srv || true
  # TCP goodput, one stream
  timeout $((DURATION + 20)) ip netns exec $b iperf3 -s -p 5202 -1 > /dev/null 2>&1 &
  srv=$!
  sleep 0.5
  ip netns exec $a iperf3 -c 10.10.1.10 -p 5202 -t "$DURATION" --json > "$p-tcp.json" 2>&1 || true
  wait $srv || true
  load "$t round $r end"
}

for r in $(seq 1 "$ROUNDS"); do
  [ -z "$SKIP_LAB" ] || break
  if [ $((r % 2)) = 1 ]; then order="k v"; else order="v k"; fi
  for t in $order; do
    log "round $r: measuring $([ $t = k ] && echo kernel hub || echo vth)"
    measure $t $r
  done
done
curl -s "http://127.0.0.1:$PHTTP/metrics" > "$OUT/dataplane-metrics-after-lab.txt" || true

# ------------------------------------------------------------------------------------------ loopback ceiling
log "loopback: generator -> dataplane pod -> sink, and generator -> trivial Java relay -> sink"
java -Dvthb.run=vthb-run-$RUN -cp "$BENCH_CP" io.vth.bench.UdpRelay 127.0.0.1:$RPORT 127.0.0.2:$SPORT 2002 > "$OUT/relay.log" 2>&1 &
RELAY_PID=$!
PIDS+=($RELAY_PID)
echo $RELAY_PID >> "$RUNS_DIR/$RUN.procs"
sleep 1
for r in $(seq 1 "$ROUNDS"); do
  for g in $GENERATORS; do
    if [ "$g" = sendmmsg ]; then gopt=-Dblast.sendmmsg=true; suffix=mmsg; else gopt=-Dblast.sendmmsg=false; suffix=; fi
    load "blast $g round $r begin"
    java $gopt -cp "$BENCH_CP" io.vth.bench.VxlanBlast 127.0.0.1:$VPORT 127.0.0.1:$GPORT 127.0.0.2:$SPORT 2001 2002 \
      "$BLAST_SECONDS" 64 2 | tee "$OUT/blast-vth$suffix-r$r.txt" | tee -a "$LOG"
    java $gopt -cp "$BENCH_CP" io.vth.bench.VxlanBlast 127.0.0.1:$RPORT 127.0.0.1:$GPORT 127.0.0.2:$SPORT 2001 2002 \
      "$BLAST_SECONDS" 64 2 | tee "$OUT/blast-relay$suffix-r$r.txt" | tee -a "$LOG"
    load "blast $g round $r end"
  done
done
kill $RELAY_PID 2>/dev/null || true

log "JFR: recording the dataplane pod for ${JFR_SECONDS}s under the generator's load (not counted above)"
# CPU time of the pod's worker thread in user space (Java) and in the kernel (syscalls), from /proc
worker_times() {
  for t in /proc/$DATAPLANE_PID/task/*; do
    if [ "$(cat $t/comm 2>/dev/null)" = vth-worker-0 ]; then awk '{sub(/.*\) /, ""); print $12, $13}' $t/stat; fi
  done
  return 0
}
jcmd $DATAPLANE_PID JFR.start name=bench settings=profile filename="$OUT/dataplane.jfr" >> "$LOG" 2>&1
load "jfr begin"
before=$(worker_times)
java -cp "$BENCH_CP" io.vth.bench.VxlanBlast 127.0.0.1:$VPORT 127.0.0.1:$GPORT 127.0.0.2:$SPORT 2001 2002 \
  "$JFR_SECONDS" 64 1 | tee "$OUT/blast-vth-jfr.txt" | tee -a "$LOG"
after=$(worker_times)
load "jfr end"
echo "$before $after" | awk '{printf "worker thread vth-worker-0 during the JFR blast: user %d ticks, kernel %d ticks (%.0f%% in the kernel)\n", $3-$1, $4-$2, 100*($4-$2)/(($3-$1)+($4-$2)+1e-9)}' \
  | tee "$OUT/worker-cpu.txt" | tee -a "$LOG"
jcmd $DATAPLANE_PID JFR.stop name=bench >> "$LOG" 2>&1
curl -s "http://127.0.0.1:$PHTTP/metrics" > "$OUT/dataplane-metrics-end.txt" || true
if command -v jfr >/dev/null && [ -s "$OUT/dataplane.jfr" ]; then
  jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$OUT/dataplane.jfr" > "$OUT/jfr-execution-samples.txt" || true
  python3 "$ROOT/bench/jfr-hot.py" "$OUT/jfr-execution-samples.txt" > "$OUT/jfr-hot.txt" || true
  jfr summary "$OUT/dataplane.jfr" > "$OUT/jfr-summary.txt" || true
fi
load end

python3 "$ROOT/bench/dataplane-report.py" "$OUT" | tee "$OUT/report.md"
log "results in $OUT"
