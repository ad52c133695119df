#!/usr/bin/env bash
# Starts a test cluster by hand (kube-test's KubeCluster) and keeps it until Ctrl-C:
#   bash test-infra/cluster.sh [nodes]        (as root; default 2 nodes)
# Prints the admin kubeconfig path, the nodes and the image names. Ctrl-C removes everything.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
cp_file="kube-test/target/cluster.classpath"
./mvnw -q -B -pl kube-test compile dependency:build-classpath \
  -Dmdep.outputFile="$repo/$cp_file" -Dmdep.includeScope=runtime
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "kube-test/target/classes:$(cat "$cp_file")" io.vth.kubetest.KubeClusterMain "$@"
