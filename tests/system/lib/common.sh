# Shared helpers for system tests (sourced). Every test gets its own scratch directory and
# its own ports, and cleans up what it started even when it fails.
set -euo pipefail
# Debian's own tools first: a pyenv shim earlier on PATH took over 10 s to start python3
# under load.
export PATH=/usr/bin:/usr/sbin:/bin:/sbin:$PATH

: "${PROVD_BIN:?run through ctest, which sets PROVD_BIN}"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/provd-system-XXXXXX")
CLEANUP_PIDS=()

cleanup() {
  local pid
  for pid in "${CLEANUP_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

# A plugin directory holding only the provd-static test plugin (tests/fixtures/plugins): it
# claims every request, so server tests go through the real pipeline and get the files they
# put in $TFTPBOOT. Pass "$STATIC_PLUGINS" as write_config's second argument to use it.
STATIC_PLUGINS=$SCRATCH/plugins
TFTPBOOT=$STATIC_PLUGINS/provd-static-1.0/var/tftpboot
mkdir -p "$TFTPBOOT"
cp "${PROVD_SOURCE_DIR}/tests/fixtures/plugins/provd-static-1.0/plugin.json" "$STATIC_PLUGINS/provd-static-1.0/"

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

# write_config FILE [PLUGINS_DIR]: a provd.yaml on free loopback ports with data in the
# scratch directory and the bundled plugins (or PLUGINS_DIR).
write_config() {
  local plugins_dir=${2:-${PROVD_SOURCE_DIR}/plugins}
  REST_PORT=$(free_port); HTTP_PORT=$(free_port); TFTP_PORT=$(free_port)
  cat >"$1" <<YAML
general:
  data_dir: $SCRATCH/var
  plugins_dir: $plugins_dir
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
