# RabbitMQ for development and tests: use the broker on 127.0.0.1:5672 when it answers, else
# start the installed rabbitmq-server, else install it from Debian's packages and start it.

RABBIT_HOST=127.0.0.1
RABBIT_PORT="${TRACEY_RABBITMQ_PORT:-5672}"
RABBIT_MGMT_PORT=15672
RABBIT_STATE="$SERVICES_DIR/rabbitmq"

rabbitmq_start() {
  mkdir -p "$RABBIT_STATE"
  if port_open "$RABBIT_HOST" "$RABBIT_PORT"; then
    say "RabbitMQ: answering on $RABBIT_HOST:$RABBIT_PORT"
  else
    if ! command -v rabbitmq-server >/dev/null; then
      say "RabbitMQ: not installed"
      apt_install rabbitmq-server
    fi
    say "RabbitMQ: starting rabbitmq-server"
    rabbitmq-server -detached >&2 || die "rabbitmq-server -detached failed"
    # Remember that Tracey started it, so that stop does not take down a broker it found running.
    touch "$RABBIT_STATE/started-by-tracey"
    wait_for 120 "RabbitMQ on port $RABBIT_PORT" port_open "$RABBIT_HOST" "$RABBIT_PORT" ||
      die "RabbitMQ did not start; see /var/log/rabbitmq"
  fi
  rabbitmq_enable_management
}

rabbitmq_enable_management() {
  port_open "$RABBIT_HOST" "$RABBIT_MGMT_PORT" && return 0
  if command -v rabbitmq-plugins >/dev/null; then
    say "RabbitMQ: enabling rabbitmq_management"
    rabbitmq-plugins enable rabbitmq_management >/dev/null 2>&1 ||
      say "RabbitMQ: could not enable rabbitmq_management (not our broker?); continuing"
    wait_for 60 "RabbitMQ management on port $RABBIT_MGMT_PORT" port_open "$RABBIT_HOST" "$RABBIT_MGMT_PORT" || true
  else
    say "RabbitMQ: rabbitmq-plugins not found; management UI not enabled"
  fi
}

rabbitmq_stop() {
  if [ -f "$RABBIT_STATE/started-by-tracey" ]; then
    say "RabbitMQ: stopping (Tracey started it)"
    rabbitmqctl stop >/dev/null 2>&1 || say "RabbitMQ: rabbitmqctl stop failed"
    rm -f "$RABBIT_STATE/started-by-tracey"
  elif port_open "$RABBIT_HOST" "$RABBIT_PORT"; then
    say "RabbitMQ: left running (it was running before Tracey started its services)"
  else
    say "RabbitMQ: not running"
  fi
}

rabbitmq_status() {
  if port_open "$RABBIT_HOST" "$RABBIT_PORT"; then
    local mgmt="not enabled"
    port_open "$RABBIT_HOST" "$RABBIT_MGMT_PORT" && mgmt="http://$RABBIT_HOST:$RABBIT_MGMT_PORT"
    say "RabbitMQ: running on $RABBIT_HOST:$RABBIT_PORT (management: $mgmt)"
    return 0
  fi
  say "RabbitMQ: not running"
  return 1
}

rabbitmq_env() {
  echo "TRACEY_AMQP_URL=amqp://guest:guest@$RABBIT_HOST:$RABBIT_PORT"
}
