#!/usr/bin/env bash
# Installs what a node of the test cluster (kube-test's KubeCluster) needs, from Debian: containerd,
# runc, the CNI plugins (in /usr/lib/cni), iptables (for kube-proxy) and conntrack. Idempotent and
# quick (a few command lookups) when everything is there. Needs root for apt-get.
set -euo pipefail

say() { printf '[node-deps %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

missing=()
command -v containerd >/dev/null || missing+=(containerd)
command -v runc >/dev/null || missing+=(runc)
[[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/portmap \
  && -x /usr/lib/cni/loopback ]] || missing+=(containernetworking-plugins)
command -v iptables >/dev/null || missing+=(iptables)
command -v conntrack >/dev/null || missing+=(conntrack)
command -v ip >/dev/null || missing+=(iproute2)
command -v nsenter >/dev/null || missing+=(util-linux)

if [[ ${#missing[@]} -eq 0 ]]; then
  say "containerd, runc, CNI plugins, iptables and conntrack are installed"
  exit 0
fi
say "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# --no-install-recommends: containerd's recommends pull nothing a node here needs.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's package starts nothing here (no systemd), but stop a containerd a service manager may
# have started: each test node runs its own with its own socket and folders.
say "installed: $(containerd --version | cut -d' ' -f3), runc $(runc --version | head -1 | cut -d' ' -f3)"
