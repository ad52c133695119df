#!/usr/bin/env bash
# Builds CoreDNS for the test cluster's DNS from Go modules, once, into
# ~/.cache/vth/coredns-<version>/coredns: test-infra/coredns is a main package that links only the
# plugins the cluster uses (kubernetes, bind, errors, log, health, ready, cache, loadbalance), so the
# build skips every cloud SDK of the full CoreDNS. A folder whose STAMP matches coredns/go.mod and
# go.sum is reused. Prints "coredns: <binary>" last.
#
# Environment: VTH_K8S_CACHE (default ~/.cache/vth), VTH_K8S_FORCE=1 rebuilds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mod="$here/coredns"
say() { printf '[build-coredns %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed"
export GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"

version="$(cd "$mod" && go list -m -f '{{.Version}}' github.com/coredns/coredns)"
cache_root="${VTH_K8S_CACHE:-$HOME/.cache/vth}"
out="$cache_root/coredns-$version"
stamp_want="$(cat "$mod/go.mod" "$mod/go.sum" "$mod/main.go" | sha256sum | cut -d' ' -f1)"

mkdir -p "$cache_root"
# The same lock as build-k8s.sh: one Go build at a time on a small machine.
exec 9>"$cache_root/.build-k8s.lock"
if ! flock -n 9; then
  say "another build is running; waiting for it"
  flock 9
fi
if [[ -x "$out/coredns" && -f "$out/STAMP" && "$(cat "$out/STAMP")" == "$stamp_want" \
  && "${VTH_K8S_FORCE:-0}" != 1 ]]; then
  say "reusing CoreDNS $version in $out"
  echo "coredns: $out/coredns"
  exit 0
fi

say "building CoreDNS $version with $(go env GOVERSION) into $out"
t0=$SECONDS
(cd "$mod" && go mod download)
total="$(cd "$mod" && go list -deps . | wc -l)"
say "compiling (up to $total packages; cached ones are skipped)"
tmp="$(mktemp -d "$cache_root/.coredns.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
set +e
(cd "$mod" && go build -v -trimpath -ldflags "-s -w" -o "$tmp/coredns" .) 2>&1 \
  | awk -v total="$total" '
      /^[a-zA-Z0-9_.\/-]+$/ { n++; if (n % 100 == 0) { printf("[build-coredns] %d/%d packages compiled\n", n, total); fflush() } next }
      { print; fflush() }'
rc=${PIPESTATUS[0]}
set -e
[[ $rc -eq 0 ]] || die "go build failed (exit $rc)"
mkdir -p "$out"
mv -f "$tmp/coredns" "$out/coredns"
echo "$stamp_want" >"$out/STAMP"
say "built in $((SECONDS - t0)) s: $("$out/coredns" -version | head -1)"
echo "coredns: $out/coredns"
