# Helpers for REST API system tests (sourced after common.sh): start provd, call the API with
# curl, check statuses and validate bodies against schema/openapi.yaml.
OPENAPI_CHECK="$PROVD_BUILD_DIR/tests/openapi_check"
OPENAPI_YAML="$PROVD_SOURCE_DIR/schema/openapi.yaml"
[ -x "$OPENAPI_CHECK" ] || fail "openapi_check not built ($OPENAPI_CHECK)"

# start_rest_provd [REST_KEY: VALUE]...: provd with a fresh store and these extra keys in its
# rest block; sets BASE and TOKEN (the first admin token).
start_rest_provd() {
  local cfg=$SCRATCH/provd.yaml line
  write_config "$cfg"
  for line in "$@"; do sed -i "s/^rest:\$/rest:\n  $line/" "$cfg"; done
  start_provd "$cfg" "$SCRATCH/provd.log"
  BASE="http://127.0.0.1:$REST_PORT"
  wait_for 10 test -s "$SCRATCH/var/admin.token" || fail "admin token file written"
  TOKEN=$(head -1 "$SCRATCH/var/admin.token")
}

# api METHOD PATH [BODY]: sets STATUS; the body is in $SCRATCH/body (BODY '@file' reads a file).
api() {
  local method=$1 path=$2 data=${3:-}
  local args=(-s -o "$SCRATCH/body" -w '%{http_code}' --max-time 30 -X "$method" -H "Authorization: Bearer ${AUTH_TOKEN:-$TOKEN}")
  [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data-binary "$data")
  STATUS=$(curl "${args[@]}" "$BASE$path") || STATUS=000
}

# expect STATUS DESCRIPTION: the last call's status must be STATUS.
expect() {
  [ "$STATUS" = "$1" ] || fail "$2: expected HTTP $1, got $STATUS: $(head -c 500 "$SCRATCH/body")"
}

# jq_body PYTHON_EXPR: evaluates EXPR with `b` bound to the last JSON body; fails when false.
jq_body() {
  python3 - "$1" "$SCRATCH/body" <<'PY' || fail "assertion '$1' on $(head -c 500 "$SCRATCH/body")"
import json, sys
b = json.load(open(sys.argv[2]))
sys.exit(0 if eval(sys.argv[1]) else 1)
PY
}

# field PYTHON_EXPR: prints EXPR evaluated on the last body.
field() {
  python3 -c 'import json,sys; b=json.load(open(sys.argv[2])); print(eval(sys.argv[1]))' "$1" "$SCRATCH/body"
}

# conforms METHOD TEMPLATE: the last body matches what openapi.yaml declares for it.
conforms() {
  "$OPENAPI_CHECK" "$OPENAPI_YAML" "$1" "$2" "$STATUS" <"$SCRATCH/body" || fail "$1 $2 $STATUS does not conform to openapi.yaml"
}
