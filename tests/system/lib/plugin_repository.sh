# Helpers for the plugin repository system tests (sourced after common.sh and rest.sh).
RANGE_SERVER="$PROVD_SOURCE_DIR/tests/system/lib/range_http_server.py"
INSTALLED=$SCRATCH/var/plugins

# start_repository_server DIR: serves DIR over HTTP on loopback; sets REPO_URL, REPO_PORT,
# REPO_LOG (one line per request with its Range header) and REPO_SERVER_PID.
start_repository_server() {
  REPO_PORT=$(free_port)
  REPO_LOG=$SCRATCH/repository.log
  : >"$REPO_LOG"
  /usr/bin/python3 "$RANGE_SERVER" "$1" "$REPO_PORT" "$REPO_LOG" 2>"$SCRATCH/repository.err" &
  REPO_SERVER_PID=$!
  CLEANUP_PIDS+=("$REPO_SERVER_PID")
  REPO_URL="http://127.0.0.1:$REPO_PORT/index.json"
  wait_for 10 curl -sf -o /dev/null "$REPO_URL" || fail "the repository server did not start"
}

# start_repository_provd: provd with no bundled plugins and the repository at REPO_URL.
start_repository_provd() {
  mkdir -p "$SCRATCH/bundled"
  local cfg=$SCRATCH/provd.yaml
  write_config "$cfg" "$SCRATCH/bundled"
  cat >>"$cfg" <<YAML
repository:
  url: $REPO_URL
  connect_timeout_s: 5
  timeout_s: 60
YAML
  start_provd "$cfg" "$SCRATCH/provd.log"
  BASE="http://127.0.0.1:$REST_PORT"
  wait_for 10 test -s "$SCRATCH/var/admin.token" || fail "admin token file written"
  TOKEN=$(head -1 "$SCRATCH/var/admin.token")
}

# wait_operation ID STATE: polls the operation until it ends (60 s at most); it must end in
# STATE. Leaves the final document in $SCRATCH/body (checked against openapi.yaml).
wait_operation() {
  local id=$1 want=$2 deadline=$((SECONDS + 60)) state
  while :; do
    api GET "/api/v1/operations/$id"; expect 200 "operation $id"
    conforms get /operations/{id}
    state=$(field 'b["state"]')
    [ "$state" != running ] && break
    [ $SECONDS -lt $deadline ] || fail "operation $id still running after 60 s"
    sleep 0.2
  done
  [ "$state" = "$want" ] || fail "operation $id ended $state, expected $want: $(cat "$SCRATCH/body")"
}

# tree_of DIR: every path under DIR with its size, sorted (to compare states).
tree_of() { (cd "$1" && find . -printf '%p %s %y\n' | sort); }
