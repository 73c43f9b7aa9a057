# Shared helpers for the hook's load tests (sourced): scratch directory, cleanup on exit,
# bounded waits, and a kea-dhcp4 configuration that loads the hook under test.
set -euo pipefail

: "${PROVD_HOOK_SO:?run through ctest, which sets PROVD_HOOK_SO}"
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/provd-hook-XXXXXX")
chmod 755 "$SCRATCH"
CLEANUP_PIDS=()
CLEANUP_COMMANDS=()
export KEA_LOCKFILE_DIR=$SCRATCH KEA_PIDFILE_DIR=$SCRATCH
# Debian's python3 (a dependency); a version-manager shim on PATH can take seconds to start.
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

cleanup() {
  local pid command
  for command in "${CLEANUP_COMMANDS[@]}"; do eval "$command" >/dev/null 2>&1 || true; done
  for pid in "${CLEANUP_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP PIPE

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# wait_for TIMEOUT_S COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# kea_config FILE PARAMETERS_JSON [INTERFACES_JSON] [SUBNETS_JSON] [LEASE_DB_JSON]
kea_config() {
  local interfaces='[]' subnets='[]' lease_db='{"type": "memfile", "persist": false}'
  [ $# -ge 3 ] && interfaces=$3
  [ $# -ge 4 ] && subnets=$4
  [ $# -ge 5 ] && lease_db=$5
  cat >"$1" <<JSON
{"Dhcp4": {
  "interfaces-config": {"interfaces": $interfaces},
  "lease-database": $lease_db,
  "valid-lifetime": 600,
  "hooks-libraries": [{"library": "$PROVD_HOOK_SO", "parameters": $2}],
  "subnet4": $subnets,
  "loggers": [{"name": "kea-dhcp4", "severity": "INFO", "output_options": [{"output": "stdout"}]}]
}}
JSON
}
