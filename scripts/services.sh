#!/usr/bin/env bash
# Local real services for development, tests and CI, without Docker:
#   scripts/services.sh start    RabbitMQ + Neo4j; prints KEY=value settings on stdout
#   scripts/services.sh stop     stops what this script started
#   scripts/services.sh status   tells what runs; prints the settings; exit 1 if anything is down
#   scripts/services.sh reset    stops Neo4j and deletes its local database
# Use the settings in a shell:  eval "$(npm run -s services:start)"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/ensure-node.sh"
source "$REPO_ROOT/scripts/lib/rabbitmq.sh"
source "$REPO_ROOT/scripts/lib/neo4j.sh"

print_env() {
  rabbitmq_env
  neo4j_env
}

case "${1:-}" in
  start)
    ensure_node
    rabbitmq_start
    neo4j_start
    print_env
    ;;
  stop)
    neo4j_stop
    rabbitmq_stop
    ;;
  status)
    up=0
    rabbitmq_status || up=1
    neo4j_status || up=1
    print_env
    exit "$up"
    ;;
  reset)
    neo4j_reset
    ;;
  *)
    say "usage: scripts/services.sh start|stop|status|reset"
    say "  start   start RabbitMQ (or use the running one) and Neo4j; print settings as KEY=value"
    say "  stop    stop Neo4j, and RabbitMQ if this script started it"
    say "  status  show what runs and the settings; exits 1 when a service is down"
    say "  reset   stop Neo4j and delete its local database"
    exit 2
    ;;
esac
