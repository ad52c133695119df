#!/usr/bin/env bash
# Control plane (issue 9, item 4): the operator against the Fabric8 mock API server (CRUD mode), in one JVM
# per measurement (ControlPlaneBench in the operator's test sources, a @QuarkusTest that is not part of the
# normal test run). For each N: the time from applying N attachments (one /24 each, hub with two zones and
# two dataplane pods per zone) to all of them Ready, every route table and status holding the other N-1
# routes and the decision config holding N; then one run publishing a config with ROUTES routes.
# Baselines in the same JVM: the mock API server alone creating and listing the same N attachments; the
# document serialized alone and a ConfigMap of the same size written and read back; the heap without the
# operator.
#
#   bench/run-control-plane.sh                  # N = 100 1000 5000, then 100,000 routes
#   bench/run-control-plane.sh 100 1000         # only these N (no routes run unless ROUTES is set)
#   bench/run-control-plane.sh routes           # only the 100,000-route run
#   TIMEOUT=1200 ROUTES=100000 ROUTE_ATTACHMENTS=100 bench/run-control-plane.sh 100
#   JFR=1 bench/run-control-plane.sh 200        # also record a JFR profile of each run
#   PRESTART=1 bench/run-control-plane.sh 1000  # create the attachments first, then start the operator
#
# Each measurement is its own Maven/surefire JVM, so nothing is left running when it ends; on Ctrl-C the
# Maven process (and with it the forked test JVM) is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

NS_LIST=()
if [ $# -gt 0 ]; then
  for a in "$@"; do
    if [ "$a" = routes ]; then
      ROUTES=${ROUTES:-100000}
    else
      NS_LIST+=("$a")
    fi
  done
  ROUTES=${ROUTES:-}
else
  NS_LIST=(100 1000 5000)
  ROUTES=${ROUTES:-100000}
fi
ROUTE_ATTACHMENTS=${ROUTE_ATTACHMENTS:-10}
TIMEOUT=${TIMEOUT:-420}   # seconds to wait for convergence in each run
HEAP=${HEAP:-8g}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench/target/results/control-plane-$STAMP}
mkdir -p "$OUT"

MVN_PID=
tree() { # a pid and all its descendants
  echo "$1"
  local c
  for c in $(ps -o pid= --ppid "$1"); do tree "$c"; done
}
cleanup() {
  local rc=$?
  set +e
  if [ -n "$MVN_PID" ] && kill -0 "$MVN_PID" 2>/dev/null; then
    kill $(tree "$MVN_PID") 2>/dev/null   # this run's Maven and its forked test JVM, nothing else
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
  echo "control plane at $STAMP on $(hostname): $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "memory: $(free -g | awk '/Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "$(java -version 2>&1 | head -1); N='${NS_LIST[*]+"${NS_LIST[*]}"}' ROUTES='$ROUTES' ROUTE_ATTACHMENTS=$ROUTE_ATTACHMENTS TIMEOUT=$TIMEOUT HEAP=$HEAP"
  echo "git $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (modified)')"
} | tee "$OUT/run.log"

run() { # name, -D properties...
  local name=$1
  shift
  local jfr=
  if [ -n "${JFR:-}" ]; then
    jfr=" -XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile"
  fi
  echo "== $name: load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S)" | tee -a "$OUT/run.log"
  set +e
  ./mvnw -B -q ${MVN_OFFLINE--o} -pl operator -am test -Dtest=ControlPlaneBench \
    -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true -Djacoco.skip=true \
    "-DargLine=-Xmx$HEAP$jfr" -Dbench.timeout="$TIMEOUT" "$@" > "$OUT/$name.log" 2>&1 &
  MVN_PID=$!
  wait "$MVN_PID"
  local rc=$?
  MVN_PID=
  set -e
  grep -a '^BENCH ' "$OUT/$name.log" | sed "s/^BENCH /$name: /" | tee -a "$OUT/run.log"
  echo "== $name: exit $rc, load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S)" | tee -a "$OUT/run.log"
  if [ -n "${JFR:-}" ] && [ -f "$OUT/$name.jfr" ]; then
    jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample "$OUT/$name.jfr" > "$OUT/$name.samples.txt"
    python3 bench/jfr-hot.py "$OUT/$name.samples.txt" 30 > "$OUT/$name.hot.txt" || true
  fi
}

PRE=
if [ -n "${PRESTART:-}" ]; then
  PRE=-pre   # the attachments exist before the operator starts: the operator's work alone is timed
fi
for n in "${NS_LIST[@]+"${NS_LIST[@]}"}"; do
  run "n$n$PRE" -Dbench.mode=converge -Dbench.n="$n" -Dbench.prestart="${PRESTART:+true}"
done
if [ -n "$ROUTES" ]; then
  run "routes$ROUTES" -Dbench.mode=routes -Dbench.routes="$ROUTES" -Dbench.attachments="$ROUTE_ATTACHMENTS"
fi
echo "results in $OUT"
