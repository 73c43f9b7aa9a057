# Helpers for the TFTP system tests (sourced after common.sh).

# tftp_config FILE KEY=VALUE...: write_config, plus keys of the tftp section.
tftp_config() {
  local file=$1; shift
  write_config "$file" "$STATIC_PLUGINS"
  local kv
  for kv in "$@"; do
    sed -i "/^  port: $TFTP_PORT\$/a\\  ${kv%%=*}: ${kv#*=}" "$file"
  done
}

# tftp_status FIELD: a field of /status listeners.tftp.
tftp_status() {
  curl -sf --max-time 5 "http://127.0.0.1:$REST_PORT/status" |
    /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['listeners']['tftp']['$1'])"
}

# make_file PATH BYTES: random content of that size.
make_file() { head -c "$2" /dev/urandom >"$1"; }

# transfers_are N: /status says N transfers are running (for wait_for, which re-runs it).
transfers_are() { [ "$(tftp_status transfers)" = "$1" ]; }
