#!/usr/bin/env bash
# Proves the three image archives without a container engine:
#   1. each archive: a `docker save` archive whose RepoTags is a fully qualified name, a config with a non-root
#      numeric user, PATH and JAVA_HOME, the expected entrypoint, and the application's files in its layers;
#   2. the layers unpacked in order into a root filesystem, mounted READ-ONLY, and each image's own entrypoint run
#      as its own user (chroot + setpriv) inside fresh mount, PID and network namespaces with only /proc, a small
#      /dev, /tmp (tmpfs, as the emptyDir of a pod) and the example config mounted: the decision pod and the
#      dataplane pod (both with --config-file examples/local/decision-config.json, as in dataplane-pod/README.md)
#      answer /healthz over HTTP, and the dataplane pod turns ready through the decision pod of the other image;
#      the operator's JVM starts Quarkus from /deployments (no cluster here: it must at least log Quarkus' start).
#
#   images/test-images.sh [OPERATOR_TAR DECISION_TAR DATAPLANE_TAR]   # default: the archives in */target/
#
# VTH_IMAGE_TEST_READONLY_TMP=1 leaves /tmp read-only too (no emptyDir): then all three fail at start (Vert.x
# creates /tmp/vertx-cache-*; Netty also unpacks its epoll library there), so a pod with readOnlyRootFilesystem
# needs /tmp as an emptyDir, as the chart gives the operator.
# Needs root (namespaces, mounts), tar, jq and curl. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

operator_tar="${1:-$repo/operator/target/vth-operator-image.tar}"
decision_tar="${2:-$repo/decision-pod/target/vth-decision-pod-image.tar}"
dataplane_tar="${3:-$repo/dataplane-pod/target/vth-dataplane-pod-image.tar}"

passed=0
failed=0
ok() { echo "PASS $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { # check NAME COMMAND...
  local name="$1"; shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}

for tool in jq curl; do
  if ! command -v "$tool" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$tool" >/dev/null \
      || { echo "FAIL: $tool missing"; exit 1; }
  fi
done
if [[ $EUID -ne 0 ]]; then
  echo "FAIL: needs root (mount and network namespaces)"; exit 1
fi

work="$(mktemp -d /tmp/vth-image-test.XXXXXX)"
netns="vth-image-test-$$"
ip netns add "$netns"
ip -n "$netns" link set lo up
cleanup() {
  local name
  for name in operator decision dataplane; do stop_image "$name"; done
  ip netns delete "$netns" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
tarq() { tar --warning=no-unknown-keyword "$@"; }

# unpack NAME TAR: the archive into $work/NAME/archive, its layers in order into $work/NAME/rootfs.
unpack() {
  local name="$1" tar="$2" dir="$work/$1"
  mkdir -p "$dir/archive" "$dir/rootfs"
  tarq -xf "$tar" -C "$dir/archive" || return 1
  local layer
  for layer in $(jq -r '.[0].Layers[]' "$dir/archive/manifest.json"); do
    tarq -xzf "$dir/archive/$layer" -C "$dir/rootfs" --numeric-owner || return 1
    # Whiteouts (files deleted by a later layer): none expected from the base script or Jib.
    if find "$dir/rootfs" -name '.wh.*' | grep -q .; then
      echo "whiteout files in $layer: not handled here"; return 1
    fi
  done
}
config() { jq -r "$2" "$work/$1/archive/$(jq -r '.[0].Config' "$work/$1/archive/manifest.json")"; }

# run_image NAME ARGS...: runs the image's entrypoint with ARGS as the image's user and working directory, in the
# background, in the test's network namespace and in new mount and PID namespaces; pid in NAME/pid, output in
# NAME/out.
run_image() {
  local name="$1"; shift
  local dir="$work/$name"
  local -a env entry
  mapfile -t env < <(config "$name" '.config.Env[]')
  mapfile -t entry < <(config "$name" '.config.Entrypoint[]')
  env+=("HOME=/home/nonroot")
  printf '%s\0' "${env[@]}" >"$dir/env"
  printf '%s\0' "${entry[@]}" "$@" >"$dir/argv"
  cat >"$dir/inner.sh" <<'EOF'
set -e
root="$1" user="$2" workdir="$3" dir="$4" examples="$5"  # $6 set: /tmp stays read-only
mount --make-rprivate /
mount --bind "$root" "$root"
mount -o remount,bind,ro "$root"
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=755,size=1m tmpfs "$root/dev"
for d in null zero random urandom; do touch "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"; done
[ -n "$6" ] || mount -t tmpfs -o mode=1777,size=64m tmpfs "$root/tmp"
mount --bind -o ro "$examples" "$root/mnt"
mapfile -d '' -t env <"$dir/env"
mapfile -d '' -t argv <"$dir/argv"
exec chroot --userspec="$user" "$root" /usr/bin/env -i -C "$workdir" "${env[@]}" "${argv[@]}"
EOF
  ip netns exec "$netns" unshare --mount --pid --fork --kill-child bash "$dir/inner.sh" "$dir/rootfs" \
    "$(config "$name" '.config.User')" "$(config "$name" '.config.WorkingDir // "/"')" "$dir" \
    "$repo/examples/local" "${VTH_IMAGE_TEST_READONLY_TMP:-}" >"$dir/out" 2>&1 &
  echo $! >"$dir/pid"
}

http_ok() { ip netns exec "$netns" curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

stop_image() { # the image's process is PID 1 of its PID namespace: killing it ends the namespace
  local pid child
  pid="$(cat "$work/$1/pid" 2>/dev/null)" || return 0
  for child in $(pgrep -P "$pid"); do kill -KILL "$child" 2>/dev/null; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rm -f "$work/$1/pid"
}

# await SECONDS COMMAND...: retries COMMAND every 0.5 s.
await() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS >= deadline)) && return 1
    sleep 0.5
  done
}

static_checks() { # static_checks NAME TAR EXPECTED-REPO FILE...
  local name="$1" tar="$2" repo_name="$3"; shift 3
  local tag user
  if ! unpack "$name" "$tar"; then bad "$name: unpack $tar"; return 1; fi
  ok "$name: $(du -h "$tar" | cut -f1) archive unpacked ($(du -sh "$work/$name/rootfs" | cut -f1) root filesystem)"
  tag="$(jq -r '.[0].RepoTags[0]' "$work/$name/archive/manifest.json")"
  check "$name: fully qualified name $tag" bash -c '[[ "$1" == */'"$repo_name"':* && "${1%%/*}" == *.* ]]' _ "$tag"
  user="$(config "$name" '.config.User')"
  check "$name: non-root numeric user $user" bash -c '[[ "$1" =~ ^[0-9]+(:[0-9]+)?$ && "${1%%:*}" != 0 ]]' _ "$user"
  check "$name: PATH has the JRE" bash -c '[[ "$1" == *"PATH=/usr/lib/jvm/java-17-openjdk-"*"/bin:"* ]]' _ \
    "$(config "$name" '.config.Env | join(" ")')"
  check "$name: JAVA_HOME set" bash -c '[[ "$1" == *JAVA_HOME=/usr/lib/jvm/java-17-openjdk-* ]]' _ \
    "$(config "$name" '.config.Env | join(" ")')"
  check "$name: entrypoint or environment honours the memory limit, exits on OOM, no hsperfdata" bash -c \
    '[[ "$1" == *MaxRAMPercentage* && "$1" == *ExitOnOutOfMemoryError* && "$1" == *-UsePerfData* ]]' _ \
    "$(config "$name" '(.config.Entrypoint | join(" ")) + " " + (.config.Env | join(" "))')"
  check "$name: java runs in the image" test -x "$work/$name/rootfs/usr/lib/jvm/java-17-openjdk-amd64/bin/java"
  local f
  for f in "$@"; do
    check "$name: $f in the image" bash -c 'compgen -G "$1" >/dev/null' _ "$work/$name/rootfs$f"
  done
}

echo "== static checks"
static_checks operator "$operator_tar" vth-operator /deployments/quarkus-run.jar \
  '/deployments/app/vth-operator-*.jar' '/deployments/lib/main/*.jar'
check "operator: entrypoint is the fast-jar" bash -c '[[ "$1" == *"-jar /deployments/quarkus-run.jar"* ]]' _ \
  "$(config operator '.config.Entrypoint | join(" ")')"
check "operator: no Jib /app layer" test ! -e "$work/operator/rootfs/app"
static_checks decision "$decision_tar" vth-decision-pod /app/classes/io/vth/decision/DecisionPodMain.class \
  '/app/libs/vth-pod-runtime-*.jar' '/app/libs/vth-hub-core-*.jar'
check "decision: entrypoint runs DecisionPodMain" bash -c '[[ "$1" == *io.vth.decision.DecisionPodMain ]]' _ \
  "$(config decision '.config.Entrypoint | join(" ")')"
static_checks dataplane "$dataplane_tar" vth-dataplane-pod /app/classes/io/vth/dataplane/DataplanePodMain.class \
  '/app/libs/netty-transport-native-epoll-*-linux-x86_64.jar'
check "dataplane: entrypoint runs DataplanePodMain" bash -c '[[ "$1" == *io.vth.dataplane.DataplanePodMain ]]' _ \
  "$(config dataplane '.config.Entrypoint | join(" ")')"

echo "== the images run (read-only root filesystem, image user, own namespaces, /tmp a tmpfs)"
if [[ -d "$work/decision/rootfs" && -d "$work/dataplane/rootfs" ]]; then
  run_image decision --config-file /mnt/decision-config.json --cell corp --udp-port 4791 --http-port 8080
  if await 60 http_ok http://127.0.0.1:8080/healthz; then
    ok "decision: /healthz answers 200 (its entrypoint as user $(config decision .config.User))"
  else
    bad "decision: /healthz never answered"; sed 's/^/    /' "$work/decision/out" | tail -20
  fi
  check "decision: /readyz 200 with the example config" await 30 http_ok http://127.0.0.1:8080/readyz

  run_image dataplane --config-file /mnt/decision-config.json --cell corp --decision-pods 127.0.0.1:4791 \
    --http-port 8081
  if await 60 http_ok http://127.0.0.1:8081/healthz; then
    ok "dataplane: /healthz answers 200 (its entrypoint as user $(config dataplane .config.User))"
  else
    bad "dataplane: /healthz never answered"; sed 's/^/    /' "$work/dataplane/out" | tail -20
  fi
  if await 30 http_ok http://127.0.0.1:8081/readyz; then
    ok "dataplane: /readyz 200 (config loaded, the decision pod's image answers its queries)"
  else
    bad "dataplane: /readyz never 200"
    ip netns exec "$netns" curl -sS --max-time 2 http://127.0.0.1:8081/readyz | sed 's/^/    /'
    sed 's/^/    /' "$work/dataplane/out" | tail -20
  fi
  check "dataplane: no native-library or write error in its log" bash -c \
    '! grep -qiE "UnsatisfiedLinkError|Read-only file system|unavailab" "$1"' _ "$work/dataplane/out"
  stop_image dataplane
  stop_image decision
fi

if [[ -d "$work/operator/rootfs" ]]; then
  run_image operator
  if await 90 grep -qs "Quarkus .* started\|vth-operator.*started\|Installed features" "$work/operator/out"; then
    ok "operator: Quarkus started from /deployments as user $(config operator .config.User), root read-only"
  elif grep -q "io.quarkus" "$work/operator/out"; then
    ok "operator: the JVM ran Quarkus' fast-jar (it stopped without a cluster: $(grep -m1 -o 'ERROR.*' "$work/operator/out" | cut -c1-120))"
  else
    bad "operator: Quarkus did not start"; sed 's/^/    /' "$work/operator/out" | tail -20
  fi
  stop_image operator
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
