#!/usr/bin/env bash
# The tests' Neo4j, apart from `npm start`'s: one per vitest project, each with its own data
# directory and ports, both with the password tracey-test-password (not the development one), and
# never adopting a server it did not start. RabbitMQ is not the tests' own: a broker answering on
# :5672 (`npm start`'s, another run's) is used and shared, so tests name their queues uniquely;
# only when none answers is one started (and stopped again by `stop`).
#   scripts/test-services.sh start  integration|integration-N|faults   starts (or reuses) it; prints settings
#   scripts/test-services.sh stop   integration|integration-N|faults|all   (integration: every slot)
#   scripts/test-services.sh status integration|faults
#   scripts/test-services.sh reset  integration|faults   stops it and deletes its database
# Defaults: integration .services/test-integration, Bolt 7688, HTTP 7475; faults
# .services/test-faults, Bolt 7689, HTTP 7476. TRACEY_TEST_SERVICES_DIR, TRACEY_TEST_NEO4J_BOLT_PORT,
# TRACEY_TEST_NEO4J_HTTP_PORT and TRACEY_TEST_NEO4J_PASSWORD override them for one run; the
# development settings (TRACEY_SERVICES_DIR, TRACEY_NEO4J_*_PORT, TRACEY_NEO4J_PASSWORD) are ignored.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

command="${1:-}"
project="${2:-integration}"

run_for() {
  local name=$1 dir bolt http slot=1
  case "$name" in
    integration) dir=test-integration bolt=7688 http=7475 ;;
    integration-[2-9])
      # A further Neo4j for integration files running at the same time (TRACEY_TEST_WORKERS):
      # slot N takes the first slot's ports plus 10 × (N − 1) and its directory with `-N`.
      slot=${name#integration-} dir=test-integration bolt=7688 http=7475
      ;;
    faults) dir=test-faults bolt=7689 http=7476 ;;
    *) die "unknown test project '$name' (integration, integration-2 … integration-9, or faults)" ;;
  esac
  local offset=$((10 * (slot - 1))) suffix=""
  [ "$slot" = 1 ] || suffix="-$slot"
  bolt=$((${TRACEY_TEST_NEO4J_BOLT_PORT:-$bolt} + offset))
  http=$((${TRACEY_TEST_NEO4J_HTTP_PORT:-$http} + offset))
  dir="${TRACEY_TEST_SERVICES_DIR:-$REPO_ROOT/.services/$dir}$suffix"
  shift
  TRACEY_SERVICES_DIR="$dir" \
    TRACEY_NEO4J_BOLT_PORT="$bolt" \
    TRACEY_NEO4J_HTTP_PORT="$http" \
    TRACEY_NEO4J_PASSWORD="${TRACEY_TEST_NEO4J_PASSWORD:-tracey-test-password}" \
    TRACEY_NEO4J_ADOPT=no \
    bash -c 'set -euo pipefail
      bash "$0/scripts/services.sh" "$@"
      # What scripts/lib/neo4j.sh needs to stop and start this server again (the Neo4j fault test).
      if [ "$1" = start ] || [ "$1" = status ]; then
        echo "TRACEY_SERVICES_DIR=$TRACEY_SERVICES_DIR"
        echo "TRACEY_NEO4J_BOLT_PORT=$TRACEY_NEO4J_BOLT_PORT"
        echo "TRACEY_NEO4J_HTTP_PORT=$TRACEY_NEO4J_HTTP_PORT"
      fi' "$REPO_ROOT" "$@"
}

case "$command" in
  start | status | reset) run_for "$project" "$command" ;;
  stop)
    if [ "$project" = all ] || [ "$project" = integration ]; then
      # `integration` is every slot a run used (integration, integration-2 …): the fault suite
      # after npm test needs none of them.
      run_for integration stop
      for slot in 2 3 4 5 6 7 8 9; do
        # Only the slots a run used have a directory; stopping the others would be a no-op anyway.
        if [ -d "${TRACEY_TEST_SERVICES_DIR:-$REPO_ROOT/.services/test-integration}-$slot" ]; then
          run_for "integration-$slot" stop
        fi
      done
      if [ "$project" = all ]; then run_for faults stop; fi
    else
      run_for "$project" stop
    fi
    ;;
  *)
    say "usage: scripts/test-services.sh start|stop|status|reset integration|integration-N|faults (stop also takes all)"
    exit 2
    ;;
esac
