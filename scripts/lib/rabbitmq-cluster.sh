# A RabbitMQ cluster on this machine, for trying Tracey against several broker nodes: N nodes of
# its own on loopback (node names tracey-1@localhost…, AMQP ports from
# TRACEY_RABBITMQ_CLUSTER_PORT, default 5681), their data under $SERVICES_DIR/rabbitmq-cluster,
# joined to the first with `rabbitmqctl join_cluster`. The shared broker on 5672 is not touched.

RABBIT_CLUSTER_DIR="$SERVICES_DIR/rabbitmq-cluster"
RABBIT_CLUSTER_PORT="${TRACEY_RABBITMQ_CLUSTER_PORT:-5681}"

# The environment rabbitmq-server and rabbitmqctl need for node $1.
rabbitmq_node_env() {
  local i="$1" dir="$RABBIT_CLUSTER_DIR/node-$1"
  echo "RABBITMQ_NODENAME=tracey-$i@localhost"
  echo "RABBITMQ_DIST_PORT=$((RABBIT_CLUSTER_PORT + 20000 + i - 1))"
  echo "RABBITMQ_MNESIA_BASE=$dir/mnesia"
  echo "RABBITMQ_LOG_BASE=$dir/log"
  echo "RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins"
  echo "RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf"
}

# Runs a command with node $1's environment, exported in a subshell (not `env …` on argv).
rabbitmq_node() {
  local i="$1" line
  shift
  (
    while IFS= read -r line; do export "${line?}"; done < <(rabbitmq_node_env "$i")
    "$@"
  )
}

# How many nodes the local cluster has (0 when none was made; no failing pipeline under pipefail).
rabbitmq_cluster_size() {
  local dir count=0
  for dir in "$RABBIT_CLUSTER_DIR"/node-*; do
    [ -d "$dir" ] && count=$((count + 1))
  done
  echo "$count"
}

rabbitmq_cluster_start() {
  local size="$1" i port
  [[ "$size" =~ ^[0-9]+$ ]] && [ "$size" -ge 1 ] && [ "$size" -le 9 ] ||
    die "--cluster takes a number of nodes from 1 to 9, not \"$size\""
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  [ "$(id -u)" = 0 ] || die "a local RabbitMQ cluster starts rabbitmq-server nodes as the rabbitmq user: run as root"
  for i in $(seq 1 "$size"); do
    port=$((RABBIT_CLUSTER_PORT + i - 1))
    local dir="$RABBIT_CLUSTER_DIR/node-$i"
    if port_open "$RABBIT_HOST" "$port"; then
      say "RabbitMQ cluster: tracey-$i@localhost answering on $RABBIT_HOST:$port"
      continue
    fi
    mkdir -p "$dir"
    echo "listeners.tcp.local = $RABBIT_HOST:$port" >"$dir/rabbitmq.conf"
    echo '[].' >"$dir/enabled_plugins"
    chown -R rabbitmq:rabbitmq "$dir"
    say "RabbitMQ cluster: starting tracey-$i@localhost on $RABBIT_HOST:$port"
    rabbitmq_node "$i" rabbitmq-server -detached >&2 || die "rabbitmq-server for tracey-$i failed"
    wait_for 120 "RabbitMQ node tracey-$i on port $port" port_open "$RABBIT_HOST" "$port" ||
      die "RabbitMQ node tracey-$i did not start; see $dir/log"
    rabbitmq_node "$i" rabbitmqctl -q -n "tracey-$i@localhost" await_startup --timeout 60 >&2
    if [ "$i" -gt 1 ]; then
      say "RabbitMQ cluster: joining tracey-$i to tracey-1"
      rabbitmq_node "$i" rabbitmqctl -q -n "tracey-$i@localhost" stop_app >&2
      rabbitmq_node "$i" rabbitmqctl -q -n "tracey-$i@localhost" reset >&2
      rabbitmq_node "$i" rabbitmqctl -q -n "tracey-$i@localhost" join_cluster tracey-1@localhost >&2
      rabbitmq_node "$i" rabbitmqctl -q -n "tracey-$i@localhost" start_app >&2
    fi
  done
}

rabbitmq_cluster_stop() {
  local i size
  size="$(rabbitmq_cluster_size)"
  [ "$size" -gt 0 ] || return 0
  # The last node first: the first holds the cluster's membership the others joined.
  for i in $(seq "$size" -1 1); do
    if port_open "$RABBIT_HOST" "$((RABBIT_CLUSTER_PORT + i - 1))"; then
      say "RabbitMQ cluster: stopping tracey-$i@localhost"
      rabbitmq_node "$i" rabbitmqctl -q -n "tracey-$i@localhost" stop >&2 || say "RabbitMQ cluster: stopping tracey-$i failed"
    fi
  done
}

rabbitmq_cluster_status() {
  local i size up=0
  size="$(rabbitmq_cluster_size)"
  [ "$size" -gt 0 ] || return 0
  for i in $(seq 1 "$size"); do
    if port_open "$RABBIT_HOST" "$((RABBIT_CLUSTER_PORT + i - 1))"; then
      say "RabbitMQ cluster: tracey-$i@localhost running on $RABBIT_HOST:$((RABBIT_CLUSTER_PORT + i - 1))"
    else
      say "RabbitMQ cluster: tracey-$i@localhost not running"
      up=1
    fi
  done
  return "$up"
}

# TRACEY_AMQP_URL naming every node of the cluster.
rabbitmq_cluster_env() {
  local i size urls=()
  size="$(rabbitmq_cluster_size)"
  for i in $(seq 1 "$size"); do urls+=("amqp://guest:guest@$RABBIT_HOST:$((RABBIT_CLUSTER_PORT + i - 1))"); done
  local IFS=,
  echo "TRACEY_AMQP_URL=${urls[*]}"
}
