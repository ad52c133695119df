#!/usr/bin/env bash
# The Java 17 base image of vth's images, built from Debian packages without a container engine or registry.
#
#   images/build-base-image.sh            # prints the path of the image archive (built once, then reused)
#   images/build-base-image.sh --force    # builds it again
#   images/build-base-image.sh --for BASE # what Maven's "images" profile runs: builds only when BASE (the
#                                         # property vth.image.base) is tar://<cache>/jre17-base.tar
#
# A Debian 12 (bookworm) root filesystem made by mmdebstrap (variant "essential": dpkg, coreutils, bash, no apt)
# with openjdk-17-jre-headless and ca-certificates, documentation, manuals, locales and package lists stripped,
# packed as ONE gzipped layer in the `docker save` format (manifest.json + config JSON + layer), which is what
# Jib takes as a `tar://` base image and what `ctr images import` / `docker load` take too.
#
# Image config: PATH and JAVA_HOME of the JRE, LANG=C.UTF-8, user 65532 (`nonroot`, in /etc/passwd, home
# /home/nonroot), working directory /.
#
# Cache: $VTH_IMAGE_CACHE (default ~/.cache/vth/images)/jre17-base-<hash>.tar, <hash> = the SHA-256 of this
# script; the link jre17-base.tar names the newest one (Maven's default base image). Rebuilt only when this script
# changes, or with --force. Needs root (or unprivileged user namespaces) and Debian's package mirror; about 30 to
# 60 s on 2 cores. File times are clamped to SOURCE_DATE_EPOCH and entries sorted, so two builds from the same
# package versions differ only where a package's own scripts write something new (e.g. the Java cacerts store).
set -euo pipefail

force=0
cache="${VTH_IMAGE_CACHE:-$HOME/.cache/vth/images}"
case "${1:-}" in
  --force) force=1 ;;
  --for)
    base="${2:?--for needs the base image}"
    if [[ "$base" != tar://*/jre17-base.tar ]]; then
      echo "[base-image] base image is $base: nothing to build" >&2
      exit 0
    fi
    base="${base#tar://}"
    cache="$(dirname "$base")"
    ;;
  "") ;;
  *) echo "usage: $0 [--force | --for BASE]" >&2; exit 2 ;;
esac

script="$(readlink -f "${BASH_SOURCE[0]}")"
hash="$(sha256sum "$script" | cut -c1-16)"
out="$cache/jre17-base-$hash.tar"
link="$cache/jre17-base.tar"
log() { echo "[base-image] $*" >&2; }

if [[ -s "$out" && $force -eq 0 ]]; then
  ln -sfn "$(basename "$out")" "$link"
  log "cached: $out"
  echo "$link"
  exit 0
fi

suite=bookworm
arch="$(dpkg --print-architecture)"
mirror="${VTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security_mirror="${VTH_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
java_home="/usr/lib/jvm/java-17-openjdk-$arch"
# 2026-01-01T00:00:00Z: the time of every file and of the image (a fixed value keeps the layer's digest stable).
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1767225600}"

if ! command -v mmdebstrap >/dev/null; then
  log "installing mmdebstrap (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi

start=$SECONDS
mkdir -p "$cache"
work="$(mktemp -d "$cache/.base-build.XXXXXX")"
[[ -n "${VTH_BASE_KEEP_WORK:-}" ]] || trap 'rm -rf "$work"' EXIT
root="$work/rootfs"

log "mmdebstrap $suite ($arch): openjdk-17-jre-headless, ca-certificates"
mmdebstrap --variant=essential --arch="$arch" \
  --include=openjdk-17-jre-headless,ca-certificates \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/lintian/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/* "$1"/var/log/* "$1"/root/.cache "$1"/usr/share/man' \
  --customize-hook='rm -f "$1"/etc/machine-id "$1"/var/lib/dbus/machine-id "$1"/etc/hostname "$1"/etc/resolv.conf' \
  --customize-hook='echo "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin" >> "$1"/etc/passwd' \
  --customize-hook='echo "nonroot:x:65532:" >> "$1"/etc/group' \
  --customize-hook='echo "nonroot:!:20454::::::" >> "$1"/etc/shadow' \
  --customize-hook='install -d -m 0755 -o 65532 -g 65532 "$1"/home/nonroot' \
  --customize-hook='chmod 1777 "$1"/tmp' \
  "$suite" "$root" \
  "deb $mirror $suite main" \
  "deb $mirror $suite-updates main" \
  "deb $security_mirror $suite-security main"
log "root filesystem: $(du -sh "$root" | cut -f1) after $((SECONDS - start)) s"

[[ -x "$root$java_home/bin/java" ]] || { log "no java at $java_home"; exit 1; }
# java finds its libraries through $ORIGIN, which needs /proc: mount it in a private mount namespace.
java_version="$(unshare --mount --fork sh -c 'mount -t proc proc "$1/proc" && exec chroot "$1" "$2/bin/java" -XX:-UsePerfData -version' \
  sh "$root" "$java_home" 2>&1 | head -1)"
log "java in the image: $java_version"

# Runtimes mount /dev, /proc and /sys themselves: keep the directories, not what mmdebstrap put inside.
rm -rf "${root:?}"/dev/* "${root:?}"/proc/* "${root:?}"/sys/* "${root:?}"/run/*

log "packing the layer"
image="$work/image"
mkdir -p "$image"
(cd "$root" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort) >"$work/top"
tar -C "$root" --sort=name --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" --clamp-mtime \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  --format=posix -cf "$work/layer.tar" -T "$work/top"
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
gzip -n -6 <"$work/layer.tar" >"$image/layer.tar.gz"
rm "$work/layer.tar"

created="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
packages="$(chroot "$root" dpkg-query -W -f='${Package}=${Version}\n' openjdk-17-jre-headless ca-certificates | paste -sd' ')"
cat >"$image/config.json" <<EOF
{
  "architecture": "$arch",
  "os": "linux",
  "created": "$created",
  "config": {
    "User": "65532",
    "Env": [
      "PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "JAVA_HOME=$java_home",
      "LANG=C.UTF-8"
    ],
    "Cmd": ["java", "-version"],
    "WorkingDir": "/",
    "Labels": {
      "org.opencontainers.image.title": "vth-jre17-base",
      "org.opencontainers.image.description": "Debian $suite, $packages",
      "org.opencontainers.image.base.name": "debian:$suite"
    }
  },
  "rootfs": {"type": "layers", "diff_ids": ["$diff_id"]},
  "history": [{"created": "$created", "created_by": "images/build-base-image.sh: mmdebstrap $suite $packages"}]
}
EOF
config_name="$(sha256sum "$image/config.json" | cut -d' ' -f1).json"
mv "$image/config.json" "$image/$config_name"
cat >"$image/manifest.json" <<EOF
[{"Config": "$config_name", "RepoTags": ["docker.io/vth/jre17-base:$hash"], "Layers": ["layer.tar.gz"]}]
EOF
tar -C "$image" --sort=name --numeric-owner --owner=0 --group=0 --mtime="@$SOURCE_DATE_EPOCH" \
  --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  -cf "$out.partial" manifest.json "$config_name" layer.tar.gz
mv "$out.partial" "$out"
ln -sfn "$(basename "$out")" "$link"
# Older builds of this script are of no use any more.
find "$cache" -maxdepth 1 -name 'jre17-base-*.tar' ! -name "$(basename "$out")" -delete

log "built $out ($(du -h "$out" | cut -f1), layer $diff_id) in $((SECONDS - start)) s"
echo "$link"
