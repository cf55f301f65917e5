#!/usr/bin/env bash
# Installs the Debian packages that the multi-process tests and benchmarks need.
# Idempotent: packages already installed are skipped, and apt is not touched at all
# when nothing is missing.
#
#   scripts/install-test-deps.sh [--with-mdns] [--with-etcd] [--with-lint]
#
# No service from these packages may start on the host: a dnsmasq on port 53 or an
# avahi-daemon announcing on eth0 would reach beyond this machine. So dnsmasq comes as
# dnsmasq-base (binary only, no service), and every install runs under a policy-rc.d
# that forbids service starts; services that systemd would enable are disabled after.
set -euo pipefail

usage() {
  echo "usage: $0 [--with-mdns] [--with-etcd] [--with-lint]" >&2
  exit 2
}

packages=(iproute2 iputils-ping dnsmasq-base procps psmisc)
services=()
for arg in "$@"; do
  case "$arg" in
    # dbus-daemon: the mDNS tests run a private D-Bus system bus for avahi; the host's bus is never touched.
    --with-mdns) packages+=(avahi-daemon avahi-utils dbus-daemon); services+=(avahi-daemon.service avahi-daemon.socket) ;;
    --with-etcd) packages+=(etcd-server etcd-client); services+=(etcd.service) ;;
    --with-lint) packages+=(shellcheck) ;;
    -h|--help) usage ;;
    *) echo "unknown option: $arg" >&2; usage ;;
  esac
done

if [[ $(id -u) -ne 0 ]]; then
  echo "$0: must run as root (apt-get)" >&2
  exit 1
fi

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "test dependencies present: ${packages[*]}"
  exit 0
fi

# Forbid service starts for the duration of the install; restore whatever was there.
policy=/usr/sbin/policy-rc.d
policy_backup=""
if [[ -e $policy ]]; then
  policy_backup=$(mktemp)
  cp -p "$policy" "$policy_backup"
fi
restore_policy() {
  if [[ -n $policy_backup ]]; then
    cp -p "$policy_backup" "$policy"
    rm -f "$policy_backup"
  else
    rm -f "$policy"
  fi
}
trap restore_policy EXIT
printf '#!/bin/sh\n# written by install-test-deps.sh for the duration of an install\nexit 101\n' >"$policy"
chmod 755 "$policy"

export DEBIAN_FRONTEND=noninteractive
echo "installing: ${missing[*]}"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"

# Where systemd runs, make sure nothing we pulled in is enabled or running.
if ((${#services[@]} > 0)) && [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
  for s in "${services[@]}"; do
    systemctl disable --now "$s" >/dev/null 2>&1 || true
  done
fi

echo "test dependencies present: ${packages[*]}"
