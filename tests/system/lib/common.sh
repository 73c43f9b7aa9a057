# Shared helpers for system tests (sourced). Every test gets its own scratch directory and
# its own ports, and cleans up what it started even when it fails.
set -euo pipefail

: "${PROVD_BIN:?run through ctest, which sets PROVD_BIN}"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/provd-system-XXXXXX")
CLEANUP_PIDS=()

cleanup() {
  local pid
  for pid in "${CLEANUP_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# A free TCP/UDP port on loopback, picked by the kernel.
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_for TIMEOUT_S COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# write_config FILE: a provd.yaml on free loopback ports with data in the scratch directory.
write_config() {
  REST_PORT=$(free_port); HTTP_PORT=$(free_port); TFTP_PORT=$(free_port)
  cat >"$1" <<YAML
general:
  data_dir: $SCRATCH/var
  plugins_dir: ${PROVD_SOURCE_DIR}/plugins
  drain_timeout_s: 5
log:
  level: info
rest:
  bind: 127.0.0.1
  port: $REST_PORT
http:
  bind: 127.0.0.1
  port: $HTTP_PORT
tftp:
  bind: 127.0.0.1
  port: $TFTP_PORT
leases:
  socket_path: $SCRATCH/leases.sock
YAML
}

# start_provd CONFIG LOG: starts provd in the background and waits for /status.
start_provd() {
  "$PROVD_BIN" --config "$1" >"$2" 2>&1 &
  PROVD_PID=$!
  CLEANUP_PIDS+=("$PROVD_PID")
  wait_for 30 curl -sf "http://127.0.0.1:$REST_PORT/status" || { cat "$2"; fail "provd did not answer /status"; }
}
