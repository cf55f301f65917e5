#!/usr/bin/env bash
# Self-test of scripts/testnet.sh: reachability, cut/heal, partition, that a cut stalls
# TCP instead of resetting it, multicast across the bridge and on the isolated loopback,
# and that 'down' leaves nothing behind. Needs root, iproute2, ping and python3.
# Every wait is bounded; the test network is removed on any exit.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
testnet="$here/testnet.sh"
export TESTNET_PREFIX=${TESTNET_PREFIX:-fst}
export TESTNET_NET=${TESTNET_NET:-0}
work=$(mktemp -d)
passed=0
failed=0

cleanup() {
  "$testnet" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

check() {
  local what=$1
  shift
  if "$@"; then
    echo "ok   $what"
    passed=$((passed + 1))
  else
    echo "FAIL $what"
    failed=$((failed + 1))
  fi
}

addr() { "$testnet" addr "$1"; }
pings() { "$testnet" exec "$1" ping -n -q -c1 -W1 "$(addr "$2")" >/dev/null 2>&1; }

# Polls a condition until it holds or the deadline (seconds) passes.
within() {
  local seconds=$1 deadline
  shift
  deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

no_ping() { ! pings "$1" "$2"; }

# Waits (bounded) until a file has a line matching a pattern.
file_has() {
  local file=$1 pattern=$2
  [[ -f $file ]] && grep -q "$pattern" "$file"
}

root_links() { ip -o link show | awk -F': ' '{print $2}' | sort; }

links_before=$(root_links)
"$testnet" down >/dev/null 2>&1 || true

check "up 3" "$testnet" up 3
check "up 3 again (idempotent)" "$testnet" up 3
check "three node namespaces" test "$(ip netns list | grep -cE "^$TESTNET_PREFIX-[0-9]+( |$)")" -eq 3
check "ping 1 -> 2" within 5 pings 1 2
check "ping 1 -> 3" within 5 pings 1 3
check "ping 3 -> 2" within 5 pings 3 2
check "no default route in node 1" test -z "$("$testnet" exec 1 ip route show default)"

# An established TCP connection must stall across a cut, not be reset.
cat >"$work/server.py" <<'EOF'
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5000)); s.listen(1); s.settimeout(20)
c, _ = s.accept(); c.settimeout(20)
try:
    while c.recv(65536): pass
except OSError: pass
EOF
cat >"$work/client.py" <<'EOF'
import socket, sys, time
c = socket.create_connection((sys.argv[1], 5000), timeout=5)
print("connected", flush=True)
end = time.monotonic() + float(sys.argv[2])
try:
    while time.monotonic() < end:
        c.send(b"x" * 1024)
        time.sleep(0.05)
    print("stalled without error", flush=True)
except socket.timeout:
    # The send buffer filled up and nothing was acknowledged: a stall, not a reset.
    print("stalled without error (send blocked)", flush=True)
except OSError as e:
    print("error", e, flush=True)
EOF
"$testnet" exec 3 timeout 30 python3 "$work/server.py" "$(addr 3)" &
server=$!
within 5 bash -c "'$testnet' exec 3 ss -ltn | grep -q ':5000'"
"$testnet" exec 1 timeout 30 python3 "$work/client.py" "$(addr 3)" 6 >"$work/client.out" 2>&1 &
client=$!
check "tcp connection 1 -> 3" within 10 file_has "$work/client.out" connected
"$testnet" cut 3
check "cut 3: ping 1 -> 3 fails within 5 s" within 5 no_ping 1 3
check "cut 3: ping 1 -> 2 still works" pings 1 2
check "cut 3: established tcp stalls, no reset" within 15 file_has "$work/client.out" "stalled without error"
"$testnet" heal 3
check "heal 3: ping 1 -> 3 works within 10 s" within 10 pings 1 3
kill "$client" "$server" 2>/dev/null
wait "$client" "$server" 2>/dev/null

"$testnet" partition "1 2" "3"
check "partition: 1 -> 2 works" within 5 pings 1 2
check "partition: 1 -> 3 fails" within 5 no_ping 1 3
check "partition: 3 -> 2 fails" within 5 no_ping 3 2
"$testnet" heal-all
check "heal-all: 1 -> 3 works" within 10 pings 1 3
check "heal-all: 3 -> 2 works" within 10 pings 3 2

# Multicast: a receiver joins a group on its eth0; a sender in another namespace sends a
# few datagrams (bounded) until the receiver has one.
cat >"$work/mreceive.py" <<'EOF'
import socket, struct, sys
group, port, local = sys.argv[1], 45678, sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((group, port))
s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, struct.pack("4s4s", socket.inet_aton(group), socket.inet_aton(local)))
print("joined", flush=True)
s.settimeout(float(sys.argv[3]))
try:
    data, sender = s.recvfrom(1500)
    print("received", data.decode(), "from", sender[0], flush=True)
except socket.timeout:
    print("nothing", flush=True)
EOF
cat >"$work/msend.py" <<'EOF'
import socket, sys, time
group, local = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(local))
s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
for i in range(int(sys.argv[3])):
    s.sendto(b"hello-%d" % i, (group, 45678))
    time.sleep(0.2)
EOF
group=239.255.77.1
"$testnet" exec 2 timeout 20 python3 "$work/mreceive.py" "$group" "$(addr 2)" 8 >"$work/m2.out" 2>&1 &
r2=$!
"$testnet" cut 3
"$testnet" exec 3 timeout 20 python3 "$work/mreceive.py" "$group" "$(addr 3)" 4 >"$work/m3.out" 2>&1 &
r3=$!
within 5 file_has "$work/m2.out" joined
within 5 file_has "$work/m3.out" joined
"$testnet" exec 1 timeout 20 python3 "$work/msend.py" "$group" "$(addr 1)" 15 &
sender=$!
check "multicast 1 -> 2 across the bridge" within 10 file_has "$work/m2.out" "received hello"
check "multicast does not reach cut node 3" within 10 file_has "$work/m3.out" nothing
wait "$sender" "$r2" "$r3" 2>/dev/null
"$testnet" heal 3

# The isolated loopback namespace: multicast between two processes on lo.
check "local loopback namespace" "$testnet" local
"$testnet" exec lo timeout 20 python3 "$work/mreceive.py" "$group" 127.0.0.1 8 >"$work/mlo.out" 2>&1 &
rlo=$!
within 5 file_has "$work/mlo.out" joined
"$testnet" exec lo timeout 20 python3 "$work/msend.py" "$group" 127.0.0.1 15 &
slo=$!
check "multicast on the isolated loopback" within 10 file_has "$work/mlo.out" "received hello"
wait "$slo" "$rlo" 2>/dev/null

# A process left running in a namespace must not keep it alive after 'down'.
"$testnet" exec 2 sleep 300 &
check "down" "$testnet" down
check "no namespaces of the prefix left" test -z "$(ip netns list | grep -E "^$TESTNET_PREFIX-" || true)"
check "no stray links in the root namespace" test "$(root_links)" == "$links_before"
check "status after down says nothing" bash -c "'$testnet' status | grep -q nothing"
wait 2>/dev/null

echo "testnet-selftest: $passed passed, $failed failed"
((failed == 0))
