#!/usr/bin/env bash
# Decision pod under load (issue 9, item 3): action queries per second and latency at 100k IPv4 routes,
# against two baselines measured in the same run: the same decode + decide + compile + encode in process
# (no UDP), and a UDP echo server on the decision pod's own I/O stack (Netty epoll, NettyEcho) driven by the
# same load generator (UDP only, no decision).
#
#   bench/run-decision.sh                       # build, measure, print the table (about 2 minutes)
#   WINDOWS="1 8 32 128" SECONDS_PER_RUN=10 bench/run-decision.sh
#   SKIP_BUILD=1 bench/run-decision.sh
#
# Every process it starts is stopped on exit, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ROUTES=${ROUTES:-100000}
WINDOWS=${WINDOWS:-1 16 64}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-5}
WARMUP=${WARMUP:-3}
GAP_MICROS=${GAP_MICROS:-10000}  # the idle-pod run: one query every 10 ms, as sparse first packets arrive
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench/target/results/decision-$STAMP}
mkdir -p "$OUT"
load() { echo "load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S) ($1)" >> "$OUT/load.txt"; }

PIDS=()
cleanup() {
  local rc=$?
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.3
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q ${MVN_OFFLINE--o} package -DskipTests -pl decision-pod,bench -am
fi
DECISION_JAR=$ROOT/decision-pod/target/vth-decision-pod-0.1.0-SNAPSHOT.jar
BENCH_CP="$ROOT/bench/target/benchmarks.jar:$ROOT/decision-pod/target/lib/*"
free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, int(sys.argv[1])); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' "$1"; }
DPORT=$(free_port 2); DHTTP=$(free_port 1); EPORT=$(free_port 2)

{
  echo "decision load at $STAMP on $(hostname): $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
  echo "$(java -version 2>&1 | head -1); ROUTES=$ROUTES WINDOWS='$WINDOWS' SECONDS_PER_RUN=$SECONDS_PER_RUN WARMUP=$WARMUP"
} | tee "$OUT/run.log"
load start

# four attachments (10.100-103.0.0/16), their own routes and ROUTES random IPv4 routes spread over them
java -cp "$BENCH_CP" io.vth.bench.DecisionConfigs "$OUT/decision-config.json" "$ROUTES" \
  q0,3000,10.100.0.0/16,127.0.0.1,9,169.254.100.1/30 q1,3001,10.101.0.0/16,127.0.0.1,9,169.254.101.1/30 \
  q2,3002,10.102.0.0/16,127.0.0.1,9,169.254.102.1/30 q3,3003,10.103.0.0/16,127.0.0.1,9,169.254.103.1/30 \
  | tee -a "$OUT/run.log"

java -jar "$DECISION_JAR" --config-file "$OUT/decision-config.json" --cell bench --pod-name decision-0 \
  --bind 127.0.0.1 --udp-port "$DPORT" --http-port "$DHTTP" > "$OUT/decision-pod.log" 2>&1 &
PIDS+=($!)
java -cp "$BENCH_CP" io.vth.bench.NettyEcho 127.0.0.1:$EPORT > "$OUT/echo.log" 2>&1 &
PIDS+=($!)
for i in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$DHTTP/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$DHTTP/readyz" >/dev/null || { tail -20 "$OUT/decision-pod.log" >&2; exit 1; }

run() { # name args...
  local name=$1
  shift
  load "$name begin"
  java -cp "$BENCH_CP" io.vth.bench.DecisionLoad "$@" | tee -a "$OUT/results.txt" | sed "s/^/$name: /"
  load "$name end"
}
run inprocess inprocess "$OUT/decision-config.json" "$SECONDS_PER_RUN" "$WARMUP"
for w in $WINDOWS; do
  run "decision-w$w" udp 127.0.0.1:$DPORT "$OUT/decision-config.json" "$SECONDS_PER_RUN" "$w" "$WARMUP"
  run "echo-w$w" udp 127.0.0.1:$EPORT "$OUT/decision-config.json" "$SECONDS_PER_RUN" "$w" "$WARMUP"
done
run "decision-idle" udp 127.0.0.1:$DPORT "$OUT/decision-config.json" "$SECONDS_PER_RUN" 1 "$WARMUP" "$GAP_MICROS"
run "echo-idle" udp 127.0.0.1:$EPORT "$OUT/decision-config.json" "$SECONDS_PER_RUN" 1 "$WARMUP" "$GAP_MICROS"
curl -s "http://127.0.0.1:$DHTTP/metrics" | grep -E '^vth_(decision_queries|wire_messages)' > "$OUT/decision-metrics.txt" || true
load end
echo "--- load"; cat "$OUT/load.txt"
echo "results in $OUT"
