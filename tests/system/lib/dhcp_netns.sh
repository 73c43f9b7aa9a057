# Helpers for lease tests with real DHCP traffic (sourced after common.sh and leases.sh): a
# server and a client network namespace joined by a veth pair (names unique per test process,
# deleted on exit even when the test fails), kea-dhcp4 with lease_cmds and provd's hook, and
# provd, both in the server namespace. Needs root (namespaces).
HOOK_SO=${PROVD_HOOK_SO:-$PROVD_BUILD_DIR/kea-hook/libdhcp_provd.so}
LEASE_CMDS_SO=/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so
SERVER_IP=10.77.0.1

# needs_dhcp_rig: skips (exit 0) without root; fails when a component is missing.
needs_dhcp_rig() {
  [ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for network namespaces"; exit 0; }
  command -v kea-dhcp4 >/dev/null || fail "kea-dhcp4 is not installed (ci/install-deps)"
  [ -f "$LEASE_CMDS_SO" ] || fail "Kea's lease_cmds hook is missing ($LEASE_CMDS_SO)"
  [ -f "$HOOK_SO" ] || fail "provd's hook is not built ($HOOK_SO: build the dhcp_provd target)"
}

# make_netns_pair: NS_SERVER (SERVER_IP/16 on IF_SERVER) and NS_CLIENT (IF_CLIENT, no address).
make_netns_pair() {
  local tag=$$
  NS_SERVER=provdlt${tag}s NS_CLIENT=provdlt${tag}c
  IF_SERVER=plt${tag}s IF_CLIENT=plt${tag}c
  trap 'netns_cleanup; cleanup' EXIT
  trap 'exit 1' INT TERM HUP
  ip netns add "$NS_SERVER"
  ip netns add "$NS_CLIENT"
  ip link add "$IF_SERVER" type veth peer name "$IF_CLIENT"
  ip link set "$IF_SERVER" netns "$NS_SERVER"
  ip link set "$IF_CLIENT" netns "$NS_CLIENT"
  ip -n "$NS_SERVER" addr add "$SERVER_IP/16" dev "$IF_SERVER"
  ip -n "$NS_SERVER" link set "$IF_SERVER" up
  ip -n "$NS_SERVER" link set lo up
  ip -n "$NS_CLIENT" link set "$IF_CLIENT" up
  ip -n "$NS_CLIENT" link set lo up
}

# Every process left in the namespaces is this test's (dhclient daemonises): end them, then
# delete the namespaces (which removes the veth pair).
netns_cleanup() {
  local ns pid
  for ns in ${NS_CLIENT:-} ${NS_SERVER:-}; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
}

# kea_hooked_config DIR HOOK_PARAMETERS_JSON: kea.json for the server namespace: lease_cmds
# (control socket DIR/ctrl.sock), provd's hook, persistent memfile, expired leases reclaimed
# every second, a /16 pool for storms and client-requested lifetimes from 2 s.
kea_hooked_config() {
  local dir=$1 params=$2
  mkdir -p "$dir"
  cat >"$dir/kea.json" <<JSON
{"Dhcp4": {
  "interfaces-config": {"interfaces": ["$IF_SERVER/$SERVER_IP"]},
  "control-socket": {"socket-type": "unix", "socket-name": "$dir/ctrl.sock"},
  "lease-database": {"type": "memfile", "persist": true, "name": "$dir/leases4.csv", "lfc-interval": 0},
  "expired-leases-processing": {"reclaim-timer-wait-time": 1, "hold-reclaimed-time": 0,
                                "flush-reclaimed-timer-wait-time": 0},
  "valid-lifetime": 3600, "min-valid-lifetime": 2, "max-valid-lifetime": 3600,
  "hooks-libraries": [
    {"library": "$LEASE_CMDS_SO"},
    {"library": "$HOOK_SO", "parameters": $params}],
  "subnet4": [{"id": 1, "subnet": "10.77.0.0/16", "pools": [{"pool": "10.77.1.1 - 10.77.254.254"}]}],
  "loggers": [{"name": "kea-dhcp4", "severity": "INFO", "output_options": [{"output": "$dir/kea.log"}]}]
}}
JSON
}

# start_kea_ns DIR: kea-dhcp4 with DIR/kea.json in the server namespace; sets KEA_PID.
start_kea_ns() {
  local dir=$1
  KEA_LOCKFILE_DIR=$dir KEA_PIDFILE_DIR=$dir ip netns exec "$NS_SERVER" kea-dhcp4 -c "$dir/kea.json" \
    >>"$dir/kea.out" 2>&1 &
  KEA_PID=$!
  CLEANUP_PIDS+=("$KEA_PID")
  wait_for 30 test -S "$dir/ctrl.sock" || { cat "$dir/kea.out" "$dir/kea.log"; fail "kea-dhcp4 did not start"; }
  wait_for 30 kea_started "$dir" || { cat "$dir/kea.out" "$dir/kea.log"; fail "kea-dhcp4 did not start serving"; }
}
kea_started() { [ "$(grep -c DHCP4_STARTED "$1/kea.log")" -ge "${KEA_STARTS:-1}" ]; }

# stop_kea_ns: SIGTERM, bounded wait.
stop_kea_ns() {
  kill -TERM "$KEA_PID" 2>/dev/null || true
  local _
  for _ in $(seq 100); do kill -0 "$KEA_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$KEA_PID" 2>/dev/null || true
  wait "$KEA_PID" 2>/dev/null || true
}

# start_provd_ns CONFIG LOG: provd in the server namespace, waits for its /status there.
start_provd_ns() {
  ip netns exec "$NS_SERVER" "$PROVD_BIN" --config "$1" >>"$2" 2>&1 &
  PROVD_PID=$!
  CLEANUP_PIDS+=("$PROVD_PID")
  wait_for 60 in_server curl -sf "http://127.0.0.1:$REST_PORT/status" || { cat "$2"; fail "provd did not answer /status"; }
}

# in_server COMMAND...: runs COMMAND in the server namespace.
in_server() { ip netns exec "$NS_SERVER" "$@"; }

# ns_status PYTHON_EXPR: EXPR over provd's /status document `s`.
ns_status() {
  in_server curl -sf --max-time 10 "http://127.0.0.1:$REST_PORT/status" |
    python3 -c "import json,sys; s=json.load(sys.stdin); print($1)"
}

# leases_match KEA_DIR: provd's lease table equals Kea's lease4-get-all (the lists are left in
# SCRATCH/kea.list and SCRATCH/provd.list).
leases_match() {
  kea_lease_list "$1" >"$SCRATCH/kea.list" 2>/dev/null || return 1
  store_leases >"$SCRATCH/provd.list" 2>/dev/null || return 1
  cmp -s "$SCRATCH/kea.list" "$SCRATCH/provd.list"
}

# expect_leases_match KEA_DIR WHAT TIMEOUT_S: waits (bounded) for leases_match, prints both
# counts, fails with the difference.
expect_leases_match() {
  local ok=yes
  wait_for "$3" leases_match "$1" || ok=no
  echo "$2: kea=$(wc -l <"$SCRATCH/kea.list") provd=$(wc -l <"$SCRATCH/provd.list")"
  if [ $ok = no ]; then
    { diff "$SCRATCH/kea.list" "$SCRATCH/provd.list" | head -10
      grep -E 'event=leases\.(gap|new_boot|reconcil|batch_failed|connected|disconnected)' "$SCRATCH/provd.log" | tail -20
      grep -E 'PROVD_HOOK_(CONNECTED|DISCONNECTED|EVENTS_DROPPED|ACK_TIMEOUT)' "$KEA/kea.log" | tail -8
      ns_status 's["listeners"]["leases"]'; } || true
    fail "$2: provd's leases differ from Kea's"
  fi
}

# storm RATE SECONDS LOG: perfdhcp DORA exchanges from the client namespace at RATE per second
# for SECONDS, each from a new random MAC (of 65536), in the background; sets STORM_PID. What
# Kea manages to answer on a loaded machine varies: tests count against Kea's own list.
storm() {
  ip -n "$NS_CLIENT" addr replace 10.77.0.2/16 dev "$IF_CLIENT"  # perfdhcp sends from an address
  timeout $(($2 + 60)) ip netns exec "$NS_CLIENT" perfdhcp -4 -r "$1" -R 65536 -p "$2" \
    -l "$IF_CLIENT" "$SERVER_IP" >"$3" 2>&1 &
  STORM_PID=$!
  CLEANUP_PIDS+=("$STORM_PID")
}

# storm_running: fails when the storm is already over (a "mid-storm" step came too late).
storm_running() { kill -0 "$STORM_PID" 2>/dev/null || fail "the storm ended before the step meant for its middle"; }

# wait_storm: until perfdhcp is done (its exit status is not the test's: drops are expected
# while a component is down).
wait_storm() { wait "$STORM_PID" 2>/dev/null || true; }

# store_count: leases in provd's store now.
store_count() { store_leases 2>/dev/null | wc -l; }

# storm_rig HOOK_EXTRA_JSON: the no-loss tests' setup: namespaces, provd's config (reconcile
# through Kea's control socket, its own expiry sweep off) in $PROVD_CFG, and Kea's config with
# the hook (HOOK_EXTRA_JSON: more hook parameters, e.g. ', "queue-size": 16'). Starts nothing.
storm_rig() {
  needs_dhcp_rig
  command -v perfdhcp >/dev/null || fail "perfdhcp is not installed (kea-admin)"
  make_netns_pair
  KEA=$SCRATCH/kea
  PROVD_CFG=$SCRATCH/provd.yaml
  lease_config "$PROVD_CFG" "reconcile: control_socket" "kea_control_socket: $KEA/ctrl.sock" "expire_interval_s: 0"
  kea_hooked_config "$KEA" '{"socket-path": "'"$SCRATCH/leases.sock"'", "reconnect-min-ms": 20,
                             "reconnect-max-ms": 500'"${1:-}"'}'
}

# store_at_least N / kea_at_least N: for wait_for (provd's count from /status: cheap).
store_at_least() { [ "$(ns_status 's["store"]["leases"]')" -ge "$1" ]; }
kea_at_least() { [ "$(kea_lease_list "$KEA" | wc -l)" -ge "$1" ]; }
