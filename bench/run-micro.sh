#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the JMH micro benchmarks with the settings that
# docs/benchmarks.md reports, then the flow-cache footprint measurement.
#
#   bench/run-micro.sh                      # everything (about 10 minutes on 2 cores)
#   bench/run-micro.sh 'Ipv4Lpm|FlowCache'  # only benchmarks matching a JMH regex
#   JMH_OPTS='-f 3 -wi 5 -i 10' bench/run-micro.sh   # longer, steadier runs
#
# Results: bench/target/results/jmh.txt, jmh.json and footprint.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

JMH_OPTS=${JMH_OPTS:--f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc}
out=bench/target/results

./mvnw -B -q -o -pl bench -am package -DskipTests || ./mvnw -B -q -pl bench -am package -DskipTests
mkdir -p "$out"
{
  echo "# $(date -u '+%Y-%m-%dT%H:%M:%SZ') on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# $(java -version 2>&1 | tail -1)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# java -jar bench/target/benchmarks.jar $JMH_OPTS -rf json -rff $out/jmh.json $*"
} | tee "$out/jmh.txt"
# shellcheck disable=SC2086 # JMH_OPTS is a list of options
java -jar bench/target/benchmarks.jar $JMH_OPTS -rf json -rff "$out/jmh.json" "$@" | tee -a "$out/jmh.txt"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/jmh.txt"

if [ $# -eq 0 ] || [[ "FlowCache" =~ $1 ]]; then
  # G1 (the default) rounds the large arrays up to whole heap regions; Parallel GC shows exact sizes.
  for gc in G1 Parallel; do
    echo "# -XX:+Use${gc}GC"
    java "-XX:+Use${gc}GC" -Xms4g -Xmx4g -cp bench/target/benchmarks.jar io.vth.bench.FlowCacheFootprint
  done | tee "$out/footprint.txt"
fi
