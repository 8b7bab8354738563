#!/usr/bin/env bash
# Local real services for development, tests and CI, without Docker:
#   scripts/services.sh start    RabbitMQ + Neo4j; prints KEY=value settings on stdout
#   scripts/services.sh start --cluster 3   a 3-node RabbitMQ cluster of its own instead of the
#                                broker on 5672 (TRACEY_RABBITMQ_CLUSTER=3 says the same)
#   scripts/services.sh stop     stops what this script started
#   scripts/services.sh status   tells what runs; prints the settings; exit 1 if anything is down
#   scripts/services.sh reset    stops Neo4j and deletes its local database
# Use the settings in a shell:  eval "$(npm run -s services:start)"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/ensure-node.sh"
source "$REPO_ROOT/scripts/lib/rabbitmq.sh"
source "$REPO_ROOT/scripts/lib/rabbitmq-cluster.sh"
source "$REPO_ROOT/scripts/lib/neo4j.sh"

CLUSTER="${TRACEY_RABBITMQ_CLUSTER:-}"
if [ "${2:-}" = "--cluster" ]; then
  [ -n "${3:-}" ] || die "--cluster needs a number of nodes, e.g. --cluster 3"
  CLUSTER="$3"
fi

print_env() {
  if [ -n "$CLUSTER" ] || { [ "${1:-}" = status ] && [ "$(rabbitmq_cluster_size)" -gt 0 ]; }; then
    rabbitmq_cluster_env
  else
    rabbitmq_env
  fi
  neo4j_env
}

case "${1:-}" in
  start)
    ensure_node
    if [ -n "$CLUSTER" ]; then rabbitmq_cluster_start "$CLUSTER"; else rabbitmq_start; fi
    neo4j_start
    print_env
    ;;
  stop)
    neo4j_stop
    rabbitmq_cluster_stop
    rabbitmq_stop
    ;;
  status)
    up=0
    rabbitmq_status || up=1
    rabbitmq_cluster_status || up=1
    neo4j_status || up=1
    print_env status
    exit "$up"
    ;;
  reset)
    neo4j_reset
    ;;
  *)
    say "usage: scripts/services.sh start [--cluster N]|stop|status|reset"
    say "  start   start RabbitMQ (or use the running one) and Neo4j; print settings as KEY=value"
    say "          --cluster N: N RabbitMQ nodes of its own, joined (ports from 5681), instead"
    say "  stop    stop Neo4j, and RabbitMQ if this script started it"
    say "  status  show what runs and the settings; exits 1 when a service is down"
    say "  reset   stop Neo4j and delete its local database"
    exit 2
    ;;
esac
