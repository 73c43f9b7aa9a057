# Helpers for the lease-feed system tests (sourced after common.sh).
LEASE_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PYTHONPATH="$LEASE_LIB${PYTHONPATH:+:$PYTHONPATH}"

# lease_config FILE [KEY: VALUE]...: write_config plus extra keys in the leases section.
lease_config() {
  local file=$1; shift
  write_config "$file"
  local line
  for line in "$@"; do sed -i "/^  socket_path:/a\\  $line" "$file"; done
  LEASE_SOCKET=$SCRATCH/leases.sock
}

# status_field PYTHON_EXPR: evaluates EXPR over the /status document `s`.
status_field() {
  curl -sf "http://127.0.0.1:$REST_PORT/status" | python3 -c "import json,sys; s=json.load(sys.stdin); print($1)"
}

# feed PYTHON_CODE: runs CODE with lease_feed imported as lf and SOCK set, bounded in time.
feed() {
  SOCK=$LEASE_SOCKET timeout 180 python3 -c "import os, socket, time, lease_feed as lf
SOCK = os.environ['SOCK']
$1"
}

# start_kea DIR: a real kea-dhcp4 with lease_cmds, no interfaces (no DHCP traffic at all), its
# control socket at DIR/ctrl.sock and its memfile at DIR/leases4.csv.
start_kea() {
  local dir=$1
  mkdir -p "$dir"
  cat >"$dir/kea.json" <<JSON
{"Dhcp4": {
  "interfaces-config": {"interfaces": []},
  "control-socket": {"socket-type": "unix", "socket-name": "$dir/ctrl.sock"},
  "lease-database": {"type": "memfile", "persist": true, "name": "$dir/leases4.csv", "lfc-interval": 0},
  "hooks-libraries": [{"library": "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so"}],
  "valid-lifetime": 3600,
  "subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.10 - 192.0.2.250"}]}],
  "loggers": [{"name": "kea-dhcp4", "output_options": [{"output": "stdout"}], "severity": "WARN"}]
}}
JSON
  KEA_LOCKFILE_DIR=$dir KEA_PIDFILE_DIR=$dir kea-dhcp4 -c "$dir/kea.json" >"$dir/kea.log" 2>&1 &
  KEA_PID=$!
  CLEANUP_PIDS+=("$KEA_PID")
  wait_for 20 test -S "$dir/ctrl.sock" || { cat "$dir/kea.log"; fail "kea-dhcp4 control socket"; }
}

# store_leases: mac ip lines of provd's store (read while provd runs: LMDB allows it).
store_leases() {
  "$PROVD_BUILD_DIR/tests/lease_store_dump" "$SCRATCH/var/store" |
    python3 -c 'import json,sys; [print(d["mac"], d["ip"]) for d in map(json.loads, sys.stdin)]' | sort
}

# kea_lease_list DIR: mac ip lines of Kea's lease4-get-all.
kea_lease_list() {
  python3 -c "import lease_feed as lf, sys; [print(m, i) for m, i in lf.kea_leases(sys.argv[1]).items()]" "$1/ctrl.sock" | sort
}
