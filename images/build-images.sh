#!/usr/bin/env bash
# Builds the three image archives of vth without a container engine and prints their paths, one a line:
#
#   operator/target/vth-operator-image.tar            ghcr.io/vth-project/vth-operator:<version>
#   decision-pod/target/vth-decision-pod-image.tar    ghcr.io/vth-project/vth-decision-pod:<version>
#   dataplane-pod/target/vth-dataplane-pod-image.tar  ghcr.io/vth-project/vth-dataplane-pod:<version>
#
# Each is a `docker save` archive (manifest.json with the full name in RepoTags) that
# `ctr -n k8s.io images import <tar>` loads under that name, as do `docker load` and `podman load`.
# The base image (Debian 12 + OpenJDK 17 JRE, images/build-base-image.sh) is built first if it is not cached.
#
# Options go to Maven, e.g. -o (offline), -Dvth.image.prefix=docker.io/vth, -Dvth.image.tag=dev,
# -Dvth.image.base=eclipse-temurin:17-jre. VTH_IMAGES_MODULES_ONLY=1 skips building the modules' dependencies
# (hub-core, pod-runtime, crds) when they are installed in ~/.m2 already.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
log() { echo "[images] $*" >&2; }

log "base image"
bash images/build-base-image.sh >/dev/null

am=(-am)
[[ -n "${VTH_IMAGES_MODULES_ONLY:-}" ]] && am=()
log "Maven: package -Pimages of operator, decision-pod, dataplane-pod (log: target/build-images.log)"
mkdir -p target
if ! ./mvnw -B -Pimages -pl operator,decision-pod,dataplane-pod "${am[@]}" package -DskipTests "$@" >target/build-images.log 2>&1; then
  tail -40 target/build-images.log >&2
  log "FAILED (full log: target/build-images.log)"
  exit 1
fi
grep -E 'Built image tarball|Container entrypoint' target/build-images.log | sed 's/^\[INFO\] /[images] /' >&2 || true

for module in operator decision-pod dataplane-pod; do
  tar="$PWD/$module/target/vth-$module-image.tar"
  [[ -s "$tar" ]] || { log "missing $tar"; exit 1; }
  name="$(tar -xOf "$tar" manifest.json | grep -o '"RepoTags":\["[^"]*"' | sed 's/.*\["//; s/"$//')"
  log "$(du -h "$tar" | cut -f1)  $name"
  echo "$tar"
done
log "done in $((SECONDS - start)) s"
