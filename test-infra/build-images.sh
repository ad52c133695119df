#!/usr/bin/env bash
# Builds the test cluster's own container images, without an engine or a registry, once, into
# ~/.cache/vth/images-<hash>/ (the hash covers the sources and this script):
#
#   pause.tar  docker.io/vth/pause:<hash>  the pod sandbox image (containerd's sandbox_image)
#   probe.tar  docker.io/vth/probe:<hash>  an HTTP/UDP echo server and client (test pods)
#
# Each is a static Go program (test-infra/images, standard library only) in a single-layer OCI
# image layout written by hand (tar, sha256sum): user 65532, no shell. `ctr images import` takes
# the tars; the index annotation io.containerd.image.name gives the fully qualified name the CRI
# looks up. Prints "images-dir: <folder>" last; the folder's NAMES file lists "<tar> <image>".
#
# Environment: VTH_K8S_CACHE (default ~/.cache/vth), VTH_IMAGES_FORCE=1 rebuilds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/images"
say() { printf '[build-images %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

hash="$(cd "$src" && find . -type f \( -name '*.go' -o -name go.mod \) | LC_ALL=C sort \
  | xargs cat "$here/build-images.sh" | sha256sum | cut -c1-12)"
cache_root="${VTH_K8S_CACHE:-$HOME/.cache/vth}"
out="$cache_root/images-$hash"

mkdir -p "$cache_root"
exec 9>"$cache_root/.build-images.lock"
flock 9
if [[ -f "$out/NAMES" && "${VTH_IMAGES_FORCE:-0}" != 1 ]]; then
  say "reusing $out"
  echo "images-dir: $out"
  exit 0
fi
command -v go >/dev/null || die "Go is not installed"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
arch="$(go env GOARCH)"

tmp="$(mktemp -d "$cache_root/.images.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
t0=$SECONDS

# blob <file>: moves file into the layout's blobs and prints its digest.
blob() {
  local d
  d="$(sha256sum "$1" | cut -d' ' -f1)"
  mv "$1" "$layout/blobs/sha256/$d"
  echo "$d"
}

# image <name> <binary> <entrypoint json array>
image() {
  local name="$1" bin="$2" entry="$3" ref="docker.io/vth/$1:$hash"
  layout="$tmp/$name-layout"
  local root="$tmp/$name-root"
  mkdir -p "$layout/blobs/sha256" "$root/etc" "$root/tmp"
  install -m 0755 "$bin" "$root/$name"
  printf 'root:x:0:0:root:/:/nonexistent\nnonroot:x:65532:65532:nonroot:/:/nonexistent\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
  chmod 1777 "$root/tmp"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$tmp/layer" .
  local layer_size layer
  layer_size="$(stat -c %s "$tmp/layer")"
  layer="$(blob "$tmp/layer")"
  printf '{"architecture":"%s","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"65532:65532","Entrypoint":%s,"Env":["PATH=/"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$arch" "$entry" "$layer" >"$tmp/config"
  local config_size config
  config_size="$(stat -c %s "$tmp/config")"
  config="$(blob "$tmp/config")"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config" "$config_size" "$layer" "$layer_size" >"$tmp/manifest"
  local manifest_size manifest
  manifest_size="$(stat -c %s "$tmp/manifest")"
  manifest="$(blob "$tmp/manifest")"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"%s","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest" "$manifest_size" "$arch" "$ref" "$hash" >"$layout/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$layout" -cf "$tmp/out/$name.tar" .
  echo "$name.tar $ref" >>"$tmp/out/NAMES"
  say "$ref: $(du -h "$tmp/out/$name.tar" | cut -f1)"
}

mkdir -p "$tmp/out"
say "compiling pause and probe (static, $arch)"
(cd "$src" && go build -trimpath -ldflags "-s -w" -o "$tmp/pause" ./pause \
  && go build -trimpath -ldflags "-s -w" -o "$tmp/probe" ./probe)
image pause "$tmp/pause" '["/pause"]'
image probe "$tmp/probe" '["/probe"]'
rm -rf "$out"
mv "$tmp/out" "$out"
say "done in $((SECONDS - t0)) s"
echo "images-dir: $out"
