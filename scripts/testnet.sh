#!/usr/bin/env bash
# The project's test network: Linux network namespaces joined by a bridge, for
# multi-process tests and benchmarks that need real partitions or multicast without a
# single packet leaving this machine.
#
#   scripts/testnet.sh up N              hub + nodes 1..N on one bridge (converges: extra nodes
#                                        are removed, cuts and partitions are healed)
#   scripts/testnet.sh cut I [J...]      isolate node(s): frames are silently dropped
#   scripts/testnet.sh heal I [J...]     reconnect node(s) to the main bridge
#   scripts/testnet.sh partition "1 2" "3" ...
#                                        groups talk within, not across; nodes named in no
#                                        group stay on the main bridge (one more group)
#   scripts/testnet.sh heal-all          every node back on the main bridge
#   scripts/testnet.sh local             a namespace "<prefix>-lo" with only a multicast-capable
#                                        loopback: several processes on "loopback", isolated
#   scripts/testnet.sh exec I|lo cmd...  run cmd inside node namespace I (or the loopback one)
#   scripts/testnet.sh addr I            print node I's address
#   scripts/testnet.sh down              remove everything this prefix created
#   scripts/testnet.sh status            print what exists
#
# Environment: TESTNET_PREFIX (default fdn) names the namespaces "<prefix>-hub",
# "<prefix>-1".., "<prefix>-lo", so concurrent runs with different prefixes do not
# collide; TESTNET_NET (default 0) picks the subnet 198.18.<net>.0/24. Node i is
# 198.18.<net>.<i> on its eth0.
#
# Layout. Every interface lives inside a namespace the script owns, never in the root
# namespace, and has a short fixed name (eth0, br0, p<i>), so the 15-character limit holds
# for any prefix and different prefixes cannot clash. Node i's eth0 is one end of a veth
# pair whose other end, p<i>, sits in the hub namespace, enslaved to bridge br0. Nodes
# have no default route, only their /24 and 224.0.0.0/4 via eth0, so multicast crosses the
# bridge to the other nodes and goes nowhere else. The hub has no address and does not
# forward.
#
# Why a cut detaches the port from the bridge (ip link set p<i> nomaster) rather than
# setting a link down or adding a drop rule: both veth ends stay up, so the node sees no
# carrier loss (a remote partition gives no such hint), and its frames reach a hub
# interface with no address, no bridge and no forwarding, where they are dropped without
# any reply. Nothing ever sends a RST or an ICMP error, so established TCP connections
# stall in retransmission exactly as across a real partition, and failure detectors have
# to time out. (Setting the hub end down would drop the node's carrier and make the kernel
# flush neighbours at once; tc's matchall classifier is not available on every kernel
# here.) New connection attempts fail the way a dead LAN path fails: ARP goes unanswered,
# so connect() gives up with "no route to host" after ARP's retries (~3 s) instead of
# being refused. Partitions use the same mechanism: each group's ports move to a bridge of
# their own (br1, br2, ...).
set -euo pipefail

PREFIX=${TESTNET_PREFIX:-fdn}
NET=${TESTNET_NET:-0}
HUB="$PREFIX-hub"
LOOP="$PREFIX-lo"
MAX_NODES=250

die() {
  echo "testnet: $*" >&2
  exit 1
}

[[ $PREFIX =~ ^[a-z][a-z0-9]{0,11}$ ]] || die "TESTNET_PREFIX must be 1-12 chars [a-z0-9], starting with a letter: '$PREFIX'"
if ! [[ $NET =~ ^[0-9]{1,3}$ ]] || ((NET > 255)); then
  die "TESTNET_NET must be 0..255: '$NET'"
fi

node_ns() { echo "$PREFIX-$1"; }
node_addr() { echo "198.18.$NET.$1"; }
ns_exists() { [[ -e /run/netns/$1 ]]; }

# Nodes of this prefix, sorted numerically.
nodes() {
  local name
  for name in $(ip netns list 2>/dev/null | awk '{print $1}'); do
    if [[ $name =~ ^$PREFIX-([0-9]+)$ ]]; then
      echo "${BASH_REMATCH[1]}"
    fi
  done | sort -n
}

# Every namespace this prefix owns.
owned_namespaces() {
  ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$PREFIX-(hub|lo|[0-9]+)$" || true
}

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces)"
}

# Mutating commands of one prefix are serialised; different prefixes run side by side.
lock() {
  mkdir -p /run/lock
  exec 9>"/run/lock/testnet-$PREFIX.lock"
  flock -w 60 9 || die "another testnet command for prefix $PREFIX holds the lock"
}

check_node() {
  [[ $1 =~ ^[0-9]+$ ]] || die "not a node number: '$1'"
  ns_exists "$(node_ns "$1")" || die "node $1 does not exist (prefix $PREFIX; run 'up' first)"
}

new_bridge() {
  local br=$1
  if ! ip -n "$HUB" link show "$br" >/dev/null 2>&1; then
    # No STP and no forward delay: a port forwards as soon as it is attached. No multicast
    # snooping: without a querier the bridge would age group memberships out.
    ip -n "$HUB" link add "$br" type bridge stp_state 0 forward_delay 0 mcast_snooping 0
  fi
  ip -n "$HUB" link set "$br" up
}

attach() {
  ip -n "$HUB" link set "p$1" master "$2"
  ip -n "$HUB" link set "p$1" up
}

detach() {
  ip -n "$HUB" link set "p$1" nomaster
}

# Bridges other than br0 exist only while a partition is in force.
drop_group_bridges() {
  local br
  for br in $(ip -n "$HUB" -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    [[ $br == br0 ]] || ip -n "$HUB" link del "$br"
  done
}

heal_all() {
  local i
  for i in $(nodes); do
    attach "$i" br0
  done
  drop_group_bridges
}

make_hub() {
  ns_exists "$HUB" || ip netns add "$HUB"
  ip -n "$HUB" link set lo up
  # The hub only switches frames; it must never answer anything itself.
  ip netns exec "$HUB" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_forward=0
  new_bridge br0
}

make_node() {
  local i=$1 ns
  ns=$(node_ns "$i")
  ns_exists "$ns" || ip netns add "$ns"
  ip -n "$ns" link set lo up
  if ! ip -n "$HUB" link show "p$i" >/dev/null 2>&1; then
    # Drop a stale eth0 left by an interrupted run before creating the pair.
    ip -n "$ns" link del eth0 >/dev/null 2>&1 || true
    ip -n "$HUB" link add "p$i" type veth peer name eth0 netns "$ns"
  fi
  ip -n "$ns" addr replace "$(node_addr "$i")/24" dev eth0
  ip -n "$ns" link set eth0 multicast on up
  ip -n "$ns" route replace 224.0.0.0/4 dev eth0
  attach "$i" br0
}

# Ends the processes still running in a namespace (ones tests started there), TERM first.
stop_processes() {
  local ns=$1 pids deadline
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  [[ -n $pids ]] || return 0
  # shellcheck disable=SC2086 # word splitting of the pid list is intended
  kill -TERM $pids 2>/dev/null || true
  deadline=$((SECONDS + 5))
  while ((SECONDS < deadline)) && [[ -n $(ip netns pids "$ns" 2>/dev/null || true) ]]; do
    sleep 0.1
  done
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [[ -z $pids ]] || kill -KILL $pids 2>/dev/null || true
}

remove_namespace() {
  local ns=$1
  stop_processes "$ns"
  ip netns del "$ns" 2>/dev/null || echo "testnet: could not remove namespace $ns" >&2
}

# Best effort throughout: runs after a partial 'up' too, and never stops half way.
down() {
  local ns status=0
  for ns in $(owned_namespaces); do
    remove_namespace "$ns" || status=1
  done
  rm -f "/run/lock/testnet-$PREFIX.lock"
  return $status
}

up() {
  local n=${1:-}
  if ! [[ $n =~ ^[0-9]+$ ]] || ((n < 1 || n > MAX_NODES)); then
    die "usage: up N (1..$MAX_NODES)"
  fi
  # A failed or interrupted 'up' leaves nothing half built behind.
  trap 'echo "testnet: up failed; removing prefix $PREFIX" >&2; down; exit 1' ERR INT TERM
  make_hub
  local i
  for ((i = 1; i <= n; i++)); do
    make_node "$i"
  done
  for i in $(nodes); do
    ((i <= n)) || remove_namespace "$(node_ns "$i")"
  done
  heal_all
  trap - ERR INT TERM
  echo "testnet $PREFIX: $n node(s) on 198.18.$NET.0/24"
}

local_loopback() {
  trap 'echo "testnet: local failed" >&2; remove_namespace "$LOOP"; exit 1' ERR INT TERM
  ns_exists "$LOOP" || ip netns add "$LOOP"
  ip -n "$LOOP" link set lo multicast on up
  ip -n "$LOOP" route replace 224.0.0.0/4 dev lo
  trap - ERR INT TERM
  echo "testnet $PREFIX: loopback namespace $LOOP"
}

partition() {
  (($# >= 1)) || die "usage: partition \"1 2\" \"3\" ..."
  local -A group_of=()
  local g=0 group i
  for group in "$@"; do
    g=$((g + 1))
    for i in $group; do
      check_node "$i"
      [[ -z ${group_of[$i]:-} ]] || die "node $i is in two groups"
      group_of[$i]=$g
    done
  done
  for i in $(nodes); do
    if [[ -n ${group_of[$i]:-} ]]; then
      new_bridge "br${group_of[$i]}"
      attach "$i" "br${group_of[$i]}"
    else
      attach "$i" br0
    fi
  done
}

status() {
  local ns i master state pids
  local owned
  owned=$(owned_namespaces)
  if [[ -z $owned ]]; then
    echo "testnet $PREFIX: nothing"
    return 0
  fi
  echo "testnet $PREFIX: namespaces: $(echo "$owned" | tr '\n' ' ')"
  if ns_exists "$HUB"; then
    for i in $(nodes); do
      ns=$(node_ns "$i")
      master=$(ip -n "$HUB" -o link show "p$i" 2>/dev/null | grep -o 'master [^ ]*' | cut -d' ' -f2 || true)
      state=${master:-cut}
      pids=$(ip netns pids "$ns" 2>/dev/null | wc -l)
      echo "  node $i  $ns  $(node_addr "$i")  bridge=$state  processes=$pids"
    done
  fi
  if ns_exists "$LOOP"; then
    echo "  loopback $LOOP  processes=$(ip netns pids "$LOOP" 2>/dev/null | wc -l)"
  fi
}

cmd=${1:-}
[[ -n $cmd ]] || die "usage: $0 up N | cut I.. | heal I.. | partition \"G1\" \"G2\".. | heal-all | local | exec I|lo cmd.. | addr I | down | status"
shift

case "$cmd" in
  up) require_root; lock; up "$@" ;;
  down) require_root; lock; down ;;
  local) require_root; lock; local_loopback ;;
  cut | heal)
    require_root; lock
    (($# >= 1)) || die "usage: $cmd I [J...]"
    for i in "$@"; do check_node "$i"; done
    for i in "$@"; do
      if [[ $cmd == cut ]]; then detach "$i"; else attach "$i" br0; fi
    done
    ;;
  partition) require_root; lock; partition "$@" ;;
  heal-all) require_root; lock; ns_exists "$HUB" || die "nothing is up for prefix $PREFIX"; heal_all ;;
  exec)
    require_root
    (($# >= 2)) || die "usage: exec I|lo cmd..."
    target=$1
    shift
    if [[ $target == lo ]]; then
      ns_exists "$LOOP" || die "no loopback namespace for prefix $PREFIX (run 'local' first)"
      exec ip netns exec "$LOOP" "$@"
    fi
    check_node "$target"
    exec ip netns exec "$(node_ns "$target")" "$@"
    ;;
  addr)
    if (($# != 1)) || ! [[ $1 =~ ^[0-9]+$ ]]; then die "usage: addr I"; fi
    node_addr "$1"
    ;;
  status) status ;;
  *) die "unknown command '$cmd'" ;;
esac
