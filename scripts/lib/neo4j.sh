# Neo4j 5.26 LTS community for development and tests: the pinned server jars come from Maven
# Central (services/neo4j/pom.xml) and run as a real server through
# org.neo4j.server.CommunityEntryPoint on Java 17. Bolt and HTTP (Neo4j Browser) listen on
# 127.0.0.1 only; authentication is on; Cypher cannot reach outside the graph
# (services/neo4j/sandbox.conf).

NEO4J_POM="$REPO_ROOT/services/neo4j/pom.xml"
NEO4J_HOME="$SERVICES_DIR/neo4j"
NEO4J_LIB="$NEO4J_HOME/lib"
NEO4J_PID_FILE="$NEO4J_HOME/run/neo4j.pid"
NEO4J_BOLT_PORT="${TRACEY_NEO4J_BOLT_PORT:-7687}"
NEO4J_HTTP_PORT="${TRACEY_NEO4J_HTTP_PORT:-7474}"
NEO4J_USER=neo4j
NEO4J_PASSWORD="${TRACEY_NEO4J_PASSWORD:-tracey-dev-password}"
NEO4J_HEAP="${TRACEY_NEO4J_HEAP:-1g}"
NEO4J_PAGECACHE="${TRACEY_NEO4J_PAGECACHE:-1g}"
# More JVM options, word-split (the tests' Neo4j: scripts/test-services.sh).
NEO4J_JAVA_OPTS="${TRACEY_NEO4J_JAVA_OPTS:-}"

neo4j_version() {
  sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$NEO4J_POM"
}

neo4j_java() {
  local candidate
  for candidate in "${TRACEY_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 /usr/lib/jvm/java-17-openjdk; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
      echo "$candidate/bin/java"
      return 0
    fi
  done
  return 1
}

neo4j_ensure_java() {
  if ! neo4j_java >/dev/null; then
    say "Neo4j: Java 17 not found"
    apt_install openjdk-17-jre-headless
    neo4j_java >/dev/null || die "Java 17 still not found; set TRACEY_JAVA_HOME"
  fi
}

# Fetches the server jars once per pom.xml content into the ignored lib folder.
neo4j_fetch() {
  local stamp="$NEO4J_LIB/.pom.sha256" want
  want="$(sha256sum "$NEO4J_POM" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  command -v mvn >/dev/null || apt_install maven
  say "Neo4j: fetching $(neo4j_version) from Maven Central (first run only)"
  rm -rf "$NEO4J_LIB"
  mkdir -p "$NEO4J_LIB"
  local repo_args=()
  [ -n "${TRACEY_MAVEN_REPO:-}" ] && repo_args=("-Dmaven.repo.local=$TRACEY_MAVEN_REPO")
  JAVA_HOME="$(dirname "$(dirname "$(neo4j_java)")")" mvn -q -B -Dstyle.color=never "${repo_args[@]}" -f "$NEO4J_POM" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$NEO4J_LIB" >&2 ||
    die "Maven could not fetch Neo4j $(neo4j_version) (see the output above)"
  echo "$want" >"$stamp"
}

# Settings that keep Cypher inside the graph (no LOAD CSV from files or URLs, a procedure
# allowlist): one file, shared with the tests' container and checked against docker-compose.yml.
NEO4J_SANDBOX_CONF="$REPO_ROOT/services/neo4j/sandbox.conf"

neo4j_write_conf() {
  mkdir -p "$NEO4J_HOME/conf" "$NEO4J_HOME/data" "$NEO4J_HOME/logs" "$NEO4J_HOME/run" "$NEO4J_HOME/import"
  cat >"$NEO4J_HOME/conf/neo4j.conf" <<CONF
# Written by scripts/services.sh on every start; edit the script, not this file.
server.directories.data=$NEO4J_HOME/data
server.directories.logs=$NEO4J_HOME/logs
server.directories.run=$NEO4J_HOME/run
server.directories.import=$NEO4J_HOME/import
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$NEO4J_BOLT_PORT
server.bolt.advertised_address=127.0.0.1:$NEO4J_BOLT_PORT
server.http.listen_address=127.0.0.1:$NEO4J_HTTP_PORT
server.http.advertised_address=127.0.0.1:$NEO4J_HTTP_PORT
server.https.enabled=false
dbms.security.auth_enabled=true
server.memory.pagecache.size=$NEO4J_PAGECACHE
db.memory.transaction.total.max=256m
db.tx_log.rotation.retention_policy=2 files
dbms.usage_report.enabled=false
CONF
  grep -v '^#' "$NEO4J_SANDBOX_CONF" | grep . >>"$NEO4J_HOME/conf/neo4j.conf"
}

neo4j_pid() {
  [ -f "$NEO4J_PID_FILE" ] || return 1
  local pid
  pid="$(cat "$NEO4J_PID_FILE")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

# True when the HTTP API accepts our credentials (proves auth and a working database).
neo4j_auth_ok() {
  curl -sf -o /dev/null -u "$NEO4J_USER:$NEO4J_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"statements":[{"statement":"RETURN 1"}]}' \
    "http://127.0.0.1:$NEO4J_HTTP_PORT/db/neo4j/tx/commit"
}

neo4j_http_status() {
  curl -s -o /dev/null -w '%{http_code}' -u "$NEO4J_USER:$NEO4J_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"statements":[{"statement":"RETURN 1"}]}' "http://127.0.0.1:$NEO4J_HTTP_PORT/db/neo4j/tx/commit"
}

neo4j_ready() {
  port_open 127.0.0.1 "$NEO4J_BOLT_PORT" && [ "$(neo4j_http_status)" != 000 ]
}

neo4j_start() {
  if neo4j_pid >/dev/null; then
    say "Neo4j: already running (pid $(neo4j_pid))"
    neo4j_check_password
    return 0
  fi
  if port_open 127.0.0.1 "$NEO4J_BOLT_PORT"; then
    # Tests' databases (scripts/test-services.sh) never adopt a server they did not start: its
    # graph may be somebody's, and the tests wipe theirs.
    if [ "${TRACEY_NEO4J_ADOPT:-yes}" = no ]; then
      die "port $NEO4J_BOLT_PORT is taken by a server this script did not start under $SERVICES_DIR; stop it or choose other ports"
    fi
    if neo4j_auth_ok; then
      say "Neo4j: a server not started by this script answers on port $NEO4J_BOLT_PORT; using it"
      return 0
    fi
    die "port $NEO4J_BOLT_PORT is taken by another process; stop it or set TRACEY_NEO4J_BOLT_PORT"
  fi
  neo4j_ensure_java
  neo4j_fetch
  neo4j_write_conf
  local java
  java="$(neo4j_java)"
  local cp="$NEO4J_LIB/*"
  if [ ! -f "$NEO4J_HOME/data/dbms/auth.ini" ]; then
    say "Neo4j: new database, setting the initial password of user neo4j"
    NEO4J_HOME="$NEO4J_HOME" NEO4J_CONF="$NEO4J_HOME/conf" "$java" -cp "$cp" org.neo4j.cli.AdminTool \
      dbms set-initial-password "$NEO4J_PASSWORD" >/dev/null 2>"$NEO4J_HOME/logs/admin.log" ||
      die "setting the Neo4j password failed (see $NEO4J_HOME/logs/admin.log; at least 8 characters)"
  fi
  say "Neo4j: starting $(neo4j_version) (heap $NEO4J_HEAP, page cache $NEO4J_PAGECACHE)"
  # setsid: the server outlives this script and is not killed by the caller's Ctrl-C.
  NEO4J_HOME="$NEO4J_HOME" NEO4J_CONF="$NEO4J_HOME/conf" setsid nohup "$java" \
    -Xms"$NEO4J_HEAP" -Xmx"$NEO4J_HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError $NEO4J_JAVA_OPTS \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true -Djdk.nio.maxCachedBufferSize=1024 \
    -Dlog4j2.disable.jmx=true -cp "$cp" org.neo4j.server.CommunityEntryPoint \
    --home-dir="$NEO4J_HOME" --config-dir="$NEO4J_HOME/conf" \
    >"$NEO4J_HOME/logs/console.log" 2>&1 </dev/null &
  echo $! >"$NEO4J_PID_FILE"
  if ! wait_for 180 "Neo4j Bolt on port $NEO4J_BOLT_PORT" neo4j_ready; then
    tail -n 30 "$NEO4J_HOME/logs/neo4j.log" "$NEO4J_HOME/logs/console.log" >&2 2>/dev/null
    neo4j_stop
    die "Neo4j did not start"
  fi
  neo4j_check_password
  say "Neo4j: running (pid $(neo4j_pid)); Browser at http://127.0.0.1:$NEO4J_HTTP_PORT/browser/"
}

neo4j_check_password() {
  local code
  code="$(neo4j_http_status)"
  [ "$code" = 200 ] && return 0
  if [ "$code" = 401 ] || [ "$code" = 403 ]; then
    die "Neo4j rejects the password in TRACEY_NEO4J_PASSWORD: its database was created with another one. Export that one, or run 'npm run services:reset' to delete the local database."
  fi
  die "Neo4j HTTP answered $code to an authenticated query"
}

neo4j_stop() {
  local pid
  if ! pid="$(neo4j_pid)"; then
    rm -f "$NEO4J_PID_FILE"
    say "Neo4j: not running"
    return 0
  fi
  say "Neo4j: stopping (pid $pid)"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    waited=$((waited + 1))
    if [ "$waited" -ge 60 ]; then
      say "Neo4j: still running after 60s, killing"
      kill -KILL "$pid" 2>/dev/null
      break
    fi
    sleep 1
  done
  rm -f "$NEO4J_PID_FILE"
  say "Neo4j: stopped"
}

neo4j_status() {
  local pid
  if pid="$(neo4j_pid)" && port_open 127.0.0.1 "$NEO4J_BOLT_PORT"; then
    say "Neo4j: running (pid $pid, $(neo4j_version)) Bolt bolt://127.0.0.1:$NEO4J_BOLT_PORT, Browser http://127.0.0.1:$NEO4J_HTTP_PORT/browser/"
    return 0
  fi
  if port_open 127.0.0.1 "$NEO4J_BOLT_PORT"; then
    say "Neo4j: a server not started by this script answers on port $NEO4J_BOLT_PORT"
    return 0
  fi
  say "Neo4j: not running"
  return 1
}

neo4j_reset() {
  neo4j_stop
  say "Neo4j: deleting the local database ($NEO4J_HOME/data)"
  rm -rf "$NEO4J_HOME/data"
}

neo4j_env() {
  echo "TRACEY_NEO4J_URL=bolt://127.0.0.1:$NEO4J_BOLT_PORT"
  echo "TRACEY_NEO4J_USER=$NEO4J_USER"
  echo "TRACEY_NEO4J_PASSWORD=$NEO4J_PASSWORD"
  echo "TRACEY_NEO4J_BROWSER_URL=http://127.0.0.1:$NEO4J_HTTP_PORT/browser/"
}
