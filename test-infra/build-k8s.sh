#!/usr/bin/env bash
# Builds a real kube-apiserver and etcd from Go modules, once, into ~/.cache/vth/k8s-<version>/.
#
# The versions are pinned by test-infra/k8s/go.mod (k8s.io/kubernetes and its staging modules) and
# test-infra/etcd/go.mod (go.etcd.io/etcd/server/v3). A folder that already holds both binaries,
# built from the same go.mod/go.sum, is reused and nothing is built. Needs Go (see the go lines of
# the two go.mod files) and the Go module proxy; nothing else.
#
# Environment:
#   VTH_K8S_CACHE  parent folder of the k8s-<version> folders (default ~/.cache/vth)
#   VTH_K8S_FORCE  1 rebuilds even when the binaries are present
# Prints the folder holding the binaries as its last line ("bin-dir: <folder>").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
k8s_mod="$here/k8s"
etcd_mod="$here/etcd"

say() { printf '[build-k8s %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed (need the go toolchain named in $k8s_mod/go.mod)"
# Never download another toolchain: use the installed one, and fail clearly when it is too old.
export GOTOOLCHAIN=local
export GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"
export CGO_ENABLED=0

module_version() { # module_version <go.mod folder> <module path>
  (cd "$1" && go list -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' "$2")
}

k8s_version="$(module_version "$k8s_mod" k8s.io/kubernetes)"
etcd_version="$(module_version "$etcd_mod" go.etcd.io/etcd/server/v3)"
[[ -n "$k8s_version" && -n "$etcd_version" ]] || die "cannot read the pinned versions"

cache_root="${VTH_K8S_CACHE:-$HOME/.cache/vth}"
out="$cache_root/k8s-$k8s_version"
stamp_want="$(cat "$k8s_mod/go.mod" "$k8s_mod/go.sum" "$etcd_mod/go.mod" "$etcd_mod/go.sum" \
  | sha256sum | cut -d' ' -f1)"

is_built() {
  local b
  for b in "${binaries[@]}"; do [[ -x "$out/$b" ]] || return 1; done
  [[ -f "$out/STAMP" ]] \
    && [[ "$(cat "$out/STAMP")" == "$stamp_want" ]]
}

# The control plane (kube-apiserver, etcd) and what a node runs (kubelet, kube-proxy) and the rest
# of a cluster's control plane (kube-controller-manager, kube-scheduler).
node_binaries=(kube-controller-manager kube-scheduler kubelet kube-proxy)
binaries=(etcd kube-apiserver "${node_binaries[@]}")

mkdir -p "$cache_root"
# One build at a time (parallel test JVMs, a developer and CI on the same machine).
exec 9>"$cache_root/.build-k8s.lock"
if ! flock -n 9; then
  say "another build is running; waiting for it"
  flock 9
fi

if is_built && [[ "${VTH_K8S_FORCE:-0}" != 1 ]]; then
  say "reusing kube-apiserver $k8s_version and etcd $etcd_version in $out"
  echo "bin-dir: $out"
  exit 0
fi

say "building kube-apiserver $k8s_version and etcd $etcd_version with $(go env GOVERSION) into $out"
say "a cold build downloads ~700 MB of modules and compiles ~2,600 packages (about 17 CPU-minutes):"
say "expect 10 minutes on an idle 2-core machine, 30 or more when other builds share it"
start=$SECONDS

# go_build <label> <module folder> <package> <output> [ldflags]
# Compiles with -v and prints a progress line every 100 packages (of the total go list counts).
go_build() {
  local label="$1" dir="$2" pkg="$3" dest="$4" ldflags="${5:-}"
  say "$label: downloading modules"
  (cd "$dir" && go mod download)
  local total
  total="$(cd "$dir" && go list -deps "$pkg" | wc -l)"
  say "$label: compiling (up to $total packages; cached ones are skipped)"
  local log="$dest.log"
  local t0=$SECONDS
  set +e
  (cd "$dir" && go build -v -trimpath -ldflags "-s -w $ldflags" -o "$dest" "$pkg") 2>&1 \
    | tee "$log" | awk -v label="$label" -v total="$total" -v t0="$t0" '
        /^[a-zA-Z0-9_.\/-]+$/ { n++; if (n % 100 == 0) { printf("[build-k8s] %s: %d/%d packages compiled\n", label, n, total); fflush() } next }
        { print; fflush() }'
  local rc=${PIPESTATUS[0]}
  set -e
  [[ $rc -eq 0 ]] || die "$label: go build $pkg failed (exit $rc); full log: $log"
  say "$label: built in $((SECONDS - t0)) s"
  rm -f "$log"
}

tmp="$(mktemp -d "$cache_root/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

major="${k8s_version#v}"; major="${major%%.*}"
minor="${k8s_version#v*.}"; minor="${minor%%.*}"
version_pkg=k8s.io/component-base/version
k8s_ldflags="-X $version_pkg.gitVersion=$k8s_version -X $version_pkg.gitMajor=$major \
-X $version_pkg.gitMinor=$minor -X $version_pkg.gitTreeState=clean \
-X $version_pkg.buildDate=1970-01-01T00:00:00Z"

go_build etcd "$etcd_mod" go.etcd.io/etcd/server/v3 "$tmp/etcd"
go_build kube-apiserver "$k8s_mod" k8s.io/kubernetes/cmd/kube-apiserver "$tmp/kube-apiserver" "$k8s_ldflags"
for b in "${node_binaries[@]}"; do
  go_build "$b" "$k8s_mod" "k8s.io/kubernetes/cmd/$b" "$tmp/$b" "$k8s_ldflags"
done

"$tmp/etcd" --version | sed 's/^/[build-k8s] /'
"$tmp/kube-apiserver" --version | sed 's/^/[build-k8s] /'
"$tmp/kubelet" --version | sed 's/^/[build-k8s] kubelet /'

mkdir -p "$out"
for b in "${binaries[@]}"; do mv -f "$tmp/$b" "$out/$b"; done
echo "$stamp_want" >"$out/STAMP"
say "done in $((SECONDS - start)) s"
echo "bin-dir: $out"
