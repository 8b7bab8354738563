#!/usr/bin/env bash
# Proves that the tests never touch a user's graph: runs `npm start` and `npm run demo`, records the
# demo's graph, then runs `npm test` and `npm run test:faults` at the same time beside the running
# stack, and checks that every suite passed and the demo's graph is exactly as it was.
#   bash scripts/check-test-isolation.sh
# The stack reads its usual TRACEY_* settings from the environment (ports, TRACEY_SERVICES_DIR, the
# exchange and queue names): set them to keep it apart from another stack on the machine. The test
# runs get none of them (they start their own services, scripts/test-services.sh); their Neo4j
# ports are CHECK_INTEGRATION_PORTS and CHECK_FAULTS_PORTS ("bolt http", default "7688 7475" and
# "7689 7476"), their services directories under CHECK_TEST_SERVICES_DIR (default .services/test-*).
# Logs go to CHECK_LOG_DIR (default a new temporary directory). Exit 0 only when all holds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/ensure-node.sh"
cd "$REPO_ROOT"
ensure_node
# The suites read their fixtures in place from ../shared/fixtures (docs/TESTING.md): a checkout
# elsewhere fails dozens of tests for that alone, after half an hour.
[ -d "$REPO_ROOT/../shared/fixtures" ] || die "no ../shared/fixtures beside $REPO_ROOT: the tests read their fixtures there"

logs="${CHECK_LOG_DIR:-$(mktemp -d /tmp/tracey-isolation.XXXXXX)}"
mkdir -p "$logs"
read -r integration_bolt integration_http <<<"${CHECK_INTEGRATION_PORTS:-7688 7475}"
read -r faults_bolt faults_http <<<"${CHECK_FAULTS_PORTS:-7689 7476}"
api_url="http://127.0.0.1:${TRACEY_API_PORT:-8080}"
started=$(date +%s)
step() { printf '=== %s (%ss)\n' "$*" "$(($(date +%s) - started))"; }

# The stack's Neo4j, as `npm start` finds it (scripts/services.sh with the same environment).
# Exported in a subshell, not passed as `env NAME=value`: the password stays off argv (ps).
digest() (
  export TRACEY_NEO4J_URL="bolt://127.0.0.1:${TRACEY_NEO4J_BOLT_PORT:-7687}"
  export TRACEY_NEO4J_PASSWORD="${TRACEY_NEO4J_PASSWORD:-tracey-dev-password}"
  exec node scripts/lib/graph-digest.mjs
)

# The test runs get no stack setting: only PATH, HOME and the like, and the test services' own.
test_env() {
  env -i PATH="$PATH" HOME="$HOME" TMPDIR="${TMPDIR:-/tmp}" LANG="${LANG:-C.UTF-8}" CI="${CI:-}" \
    TRACEY_TEST_NO_CONTAINERS="${TRACEY_TEST_NO_CONTAINERS:-}" \
    ${CHECK_TEST_SERVICES_DIR:+TRACEY_TEST_SERVICES_DIR="$CHECK_TEST_SERVICES_DIR/$1"} \
    TRACEY_TEST_NEO4J_BOLT_PORT="$2" TRACEY_TEST_NEO4J_HTTP_PORT="$3" "${@:4}"
}

stack_pid=
# The machine is left as found: the stack's Neo4j is stopped if this check started it, and the
# tests' own servers always (a CI run after this one needs their ports).
stack_neo4j_was_running=no
port_open 127.0.0.1 "${TRACEY_NEO4J_BOLT_PORT:-7687}" && stack_neo4j_was_running=yes
cleanup() {
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    step "stopping npm start (pid $stack_pid)"
    # Its own process group (setsid): npm, the supervisor and the services it runs.
    kill -TERM -- "-$stack_pid" 2>/dev/null || true
    wait "$stack_pid" 2>/dev/null || true
  fi
  step "stopping the tests' services"
  test_env integration "$integration_bolt" "$integration_http" bash scripts/test-services.sh stop integration >&2 || true
  test_env faults "$faults_bolt" "$faults_http" bash scripts/test-services.sh stop faults >&2 || true
  if [ "$stack_neo4j_was_running" = no ]; then
    step "stopping the stack's services (this check started them)"
    bash scripts/services.sh stop >&2 || true
  fi
}
trap cleanup EXIT

step "build"
npm run -s build

step "npm start (log: $logs/stack.log)"
setsid npm start >"$logs/stack.log" 2>&1 &
stack_pid=$!
wait_for 600 "the stack's query API at $api_url/ready" curl -sf -o /dev/null "$api_url/ready" ||
  { tail -n 40 "$logs/stack.log" >&2; die "npm start did not become ready"; }

step "npm run demo (log: $logs/demo.log)"
npm run -s demo >"$logs/demo.log" 2>&1 || { tail -n 40 "$logs/demo.log" >&2; die "npm run demo failed"; }

# The demo's trigger rule may still be storing the deploy build: wait until two readings agree.
before=$(digest)
until sleep 10 && now=$(digest) && [ "$now" = "$before" ]; do before=$now; done
step "demo graph before the tests: $before"

step "npm test and npm run test:faults at the same time (logs: $logs/test.log, $logs/faults.log)"
test_env integration "$integration_bolt" "$integration_http" npm test >"$logs/test.log" 2>&1 &
test_pid=$!
test_env faults "$faults_bolt" "$faults_http" npm run test:faults >"$logs/faults.log" 2>&1 &
faults_pid=$!
test_status=0 faults_status=0
wait "$test_pid" || test_status=$?
step "npm test exited $test_status"
wait "$faults_pid" || faults_status=$?
step "npm run test:faults exited $faults_status"

after=$(digest)
step "demo graph after the tests:  $after"
stack_alive=yes
kill -0 "$stack_pid" 2>/dev/null || stack_alive=no

summary() { sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -E '^\s*(Test Files|Tests|Duration) ' | sed "s|^|$2: |"; }
summary "$logs/test.log" "npm test" || true
summary "$logs/faults.log" "test:faults" || true

ok=yes
[ "$test_status" = 0 ] || { say "FAIL: npm test exited $test_status"; ok=no; }
[ "$faults_status" = 0 ] || { say "FAIL: npm run test:faults exited $faults_status"; ok=no; }
[ "$after" = "$before" ] || { say "FAIL: the demo's graph changed"; ok=no; }
[ "$stack_alive" = yes ] || { say "FAIL: npm start stopped during the tests"; ok=no; }
[ "$ok" = yes ] || exit 1
step "OK: both suites green, the demo's graph intact, the stack still running"
