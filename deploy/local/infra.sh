#!/usr/bin/env bash
# Local infrastructure for Atlas development and tests, without containers:
#   * Apache Kafka 3.9.1, one node in KRaft combined mode (broker + controller),
#     run from the Maven Central jars (fetched once with Maven into a cache dir), with the
#     Prometheus JMX exporter's Java agent serving the broker's metrics (rules:
#     deploy/monitoring/kafka-broker/jmx-exporter.yaml) on 127.0.0.1:<metrics port>/metrics;
#   * PostgreSQL: $DATABASE_URL when it is set and reachable, otherwise a private
#     cluster run by the postgres user (Debian's `postgresql` package is installed
#     with apt-get when no server binaries are found).
#
# Usage: deploy/local/infra.sh <command>
#   up               start whatever is not running yet (idempotent), write .atlas/infra.env
#   down [--purge]   stop both; --purge also deletes their data and logs (not the jar cache)
#   status           print the state of each component; exit 0 only if both are up
#   env [--export]   print KAFKA_BROKERS=..., DATABASE_URL=... and (metrics on) KAFKA_METRICS_ADDRESS=...
#                    (shell- and dotenv-readable; DATABASE_URL is the external one if the last
#                    `up` chose it)
#   kafka-stop       stop only the broker (its data is kept)
#   kafka-start      start only the broker again
#   postgres-restart restart only the private PostgreSQL cluster (fast shutdown; its data is kept)
#
# Settings (environment):
#   ATLAS_KAFKA_PORT            client port                      (default 19092)
#   ATLAS_KAFKA_CONTROLLER_PORT KRaft controller port            (default 19093)
#   ATLAS_POSTGRES_PORT         private PostgreSQL cluster port  (default 15432)
#   ATLAS_STATE_DIR             data, logs and pid files (default .atlas; tests use .atlas/test)
#   ATLAS_CACHE_DIR             jar cache (relative = from the repo root; default .atlas/cache)
#   ATLAS_KAFKA_HEAP_OPTS       broker heap                      (default "-Xms256m -Xmx512m")
#   ATLAS_KAFKA_JAVA_OPTS       extra JVM options for the broker
#   ATLAS_KAFKA_START_TIMEOUT   seconds to wait for the broker   (default 120)
#   ATLAS_KAFKA_STOP_TIMEOUT    seconds before SIGKILL on stop   (default 20)
#   ATLAS_KAFKA_METRICS_PORT    the broker's Prometheus metrics (JMX exporter agent) on 127.0.0.1:<port>
#                               (default: client port + 312, so 19404 beside 19092, 29404 beside the
#                               tests' 29092; "off" runs the broker without the agent). With metrics
#                               on, a broker that cannot get the agent (no Maven Central and no
#                               cached jar) is not started: `up` fails and says so. A running broker
#                               started with another metrics address (e.g. by an older infra.sh,
#                               without the agent) is restarted by `up`/`kafka-start`; data is kept.
#                               The agent reads a copy of the rules in <state dir>/kafka/, refreshed
#                               (and reloaded by the running agent) by each `up`/`kafka-start`.
#   ATLAS_KAFKA_SASL_PORT       also serve a SASL_PLAINTEXT listener with SCRAM-SHA-512 on this
#                               port and authorize with ACLs (StandardAuthorizer); the PLAINTEXT and
#                               controller listeners stay anonymous super users (127.0.0.1 only:
#                               readiness checks, topic and ACL administration). Default: none.
#   ATLAS_KAFKA_SCRAM_USERS_FILE with ATLAS_KAFKA_SASL_PORT: "<name> <password>" lines, the
#                               SCRAM-SHA-512 users created when the storage is formatted (a fresh
#                               ATLAS_STATE_DIR: users are only added by the format; the
#                               passwords pass on StorageTool's command line, so test users only)
#   ATLAS_PG_BINDIR             PostgreSQL server binaries (default: pg_config --bindir,
#                               else the highest /usr/lib/postgresql/*/bin)
#   DATABASE_URL                an existing PostgreSQL database to use instead of a private one
#
# State (data, logs, pid files) lives in .atlas/ at the repo root.
set -euo pipefail
# The broker and the database outlive this script: they must not inherit the caller's descriptors
# (a lock file held by the caller, say, would stay locked for as long as they run).
for descriptor in /proc/$$/fd/*; do
  descriptor=${descriptor##*/}
  if (( descriptor > 2 )); then eval "exec ${descriptor}>&-" 2>/dev/null || true; fi
done

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
STATE_DIR=${ATLAS_STATE_DIR:-$REPO_ROOT/.atlas}
[[ $STATE_DIR == /* ]] || STATE_DIR=$REPO_ROOT/$STATE_DIR

CACHE_DIR=${ATLAS_CACHE_DIR:-.atlas/cache}
[[ $CACHE_DIR == /* ]] || CACHE_DIR=$REPO_ROOT/$CACHE_DIR

KAFKA_VERSION=3.9.1
# Fixed cluster id (any base64url-encoded 16 bytes; this is the official image's default).
KAFKA_CLUSTER_ID=5L6g3nShT-eMCtK--X86sw
KAFKA_PORT=${ATLAS_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${ATLAS_KAFKA_CONTROLLER_PORT:-19093}
KAFKA_HEAP_OPTS=${ATLAS_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
KAFKA_START_TIMEOUT=${ATLAS_KAFKA_START_TIMEOUT:-120}
KAFKA_STOP_TIMEOUT=${ATLAS_KAFKA_STOP_TIMEOUT:-20}
KAFKA_CONF_DIR=$SCRIPT_DIR/kafka
KAFKA_DIR=$STATE_DIR/kafka
KAFKA_DATA=$KAFKA_DIR/data
KAFKA_LOGS=$KAFKA_DIR/logs
KAFKA_PROPS=$KAFKA_DIR/server.properties
KAFKA_PID_FILE=$KAFKA_DIR/kafka.pid
# The broker's metrics: Prometheus's JMX exporter as a Java agent (Maven Central, pinned by SHA-256).
KAFKA_METRICS_AGENT_VERSION=1.0.1
KAFKA_METRICS_AGENT_SHA256=7d61f737fd661610ccc14aea79764faa1ea94a340cbc8f0029b3d2edea3d80c1
KAFKA_METRICS_AGENT_JAR=$CACHE_DIR/jmx_prometheus_javaagent-$KAFKA_METRICS_AGENT_VERSION.jar
KAFKA_METRICS_RULES_SOURCE=$REPO_ROOT/deploy/monitoring/kafka-broker/jmx-exporter.yaml
# The agent reads a copy in the state dir (refreshed by each start/up), not the checkout's file:
# checkouts sharing a state dir then run the same broker, and a removed checkout breaks nothing.
KAFKA_METRICS_RULES=$KAFKA_DIR/jmx-exporter.yaml

PG_PORT=${ATLAS_POSTGRES_PORT:-15432}
PG_USER=atlas
PG_DB=atlas
PG_OS_USER=postgres
PG_LOCATION_FILE=$STATE_DIR/postgres.location   # set when the data lives outside .atlas/
PG_EXTERNAL_FILE=$STATE_DIR/postgres.external   # the DATABASE_URL `up` chose to use
INFRA_ENV_FILE=$STATE_DIR/infra.env
PRIVATE_DB_URL=postgres://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB

REPO_HASH=$(printf "%s" "$STATE_DIR" | sha256sum | cut -c1-12)

die() { printf 'infra.sh: error: %s\n' "$*" >&2; exit 1; }
note() { printf '%s\n' "$*" >&2; }
rel() { local p=$1; [[ $p == "$REPO_ROOT"/* ]] && p=${p#"$REPO_ROOT"/}; printf '%s' "$p"; }
show_tail() { # file [lines]
  [[ -s $1 ]] || return 0
  printf -- '--- last lines of %s ---\n' "$1" >&2
  tail -n "${2:-20}" -- "$1" >&2 || true
  printf -- '---\n' >&2
}

# A broker that fails at startup logs why once, then many lines of orderly shutdown: show the why.
show_errors() { # file
  [[ -s $1 ]] || return 0
  local pattern='\b(ERROR|FATAL)\b|^[a-z][A-Za-z0-9_.$]*(Exception|Error): '
  grep -q -E "$pattern" -- "$1" || return 0
  printf -- '--- first errors in %s ---\n' "$1" >&2
  grep -m 10 -E "$pattern" -- "$1" >&2 || true
  printf -- '---\n' >&2
}

for v in ATLAS_KAFKA_PORT ATLAS_KAFKA_CONTROLLER_PORT ATLAS_POSTGRES_PORT ATLAS_KAFKA_START_TIMEOUT ATLAS_KAFKA_STOP_TIMEOUT; do
  [[ ${!v:-0} =~ ^[0-9]+$ ]] || die "$v must be a number (got '${!v}')"
done
KAFKA_SASL_PORT=${ATLAS_KAFKA_SASL_PORT:-}
KAFKA_METRICS_PORT=${ATLAS_KAFKA_METRICS_PORT:-$((KAFKA_PORT + 312))}
[[ $KAFKA_METRICS_PORT == off || $KAFKA_METRICS_PORT =~ ^[0-9]+$ ]] || die "ATLAS_KAFKA_METRICS_PORT must be a number or 'off' (got '$KAFKA_METRICS_PORT')"
[[ $KAFKA_METRICS_PORT == off ]] && KAFKA_METRICS_PORT=
[[ -z $KAFKA_METRICS_PORT || ($KAFKA_METRICS_PORT != "$KAFKA_PORT" && $KAFKA_METRICS_PORT != "$KAFKA_CONTROLLER_PORT" && $KAFKA_METRICS_PORT != "$KAFKA_SASL_PORT") ]] ||
  die "ATLAS_KAFKA_METRICS_PORT ($KAFKA_METRICS_PORT) must differ from the broker's other ports"
[[ -z $KAFKA_SASL_PORT || $KAFKA_SASL_PORT =~ ^[0-9]+$ ]] || die "ATLAS_KAFKA_SASL_PORT must be a number (got '$KAFKA_SASL_PORT')"
[[ $KAFKA_PORT != "$KAFKA_CONTROLLER_PORT" ]] || die "ATLAS_KAFKA_PORT and ATLAS_KAFKA_CONTROLLER_PORT must differ"

# Some process accepts TCP connections on 127.0.0.1:$1.
# shellcheck disable=SC2016 # $1 is expanded by the inner bash
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null; }

# Exclusive lock for commands that change state. Fd 9 must not leak into the
# daemons (they would hold the lock forever): every launch closes it with 9>&-.
take_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 600 9 || die "another infra.sh command is still running (lock $(rel "$STATE_DIR/.lock"))"
}

# --------------------------------------------------------------------------- Kafka

# The jar directory depends on the POM's content, so editing the POM fetches again.
KAFKA_LIBS=$CACHE_DIR/kafka-$KAFKA_VERSION-$(sha256sum <"$KAFKA_CONF_DIR/pom.xml" | cut -c1-12)

kafka_ensure_jars() {
  [[ -f $KAFKA_LIBS/.complete ]] && return 0
  command -v mvn >/dev/null || die "Maven (mvn) is needed once to fetch the Kafka jars from Maven Central (apt-get install -y maven)"
  # Per-process names: checkouts sharing ATLAS_CACHE_DIR may fetch at the same time.
  local tmp=$KAFKA_LIBS.partial.$$ mvn_log=$CACHE_DIR/mvn-kafka.$$.log
  mkdir -p "$CACHE_DIR"
  rm -rf -- "$tmp"
  note "kafka: fetching the Apache Kafka $KAFKA_VERSION jars with Maven (first run only)..."
  if ! (cd "$KAFKA_CONF_DIR" && mvn -B -q -Dstyle.color=never -f pom.xml \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp") >"$mvn_log" 2>&1 9>&-; then
    show_tail "$mvn_log" 40
    die "Maven could not fetch the Kafka jars (does this machine reach Maven Central?); full output: $mvn_log"
  fi
  [[ -f $tmp/kafka_2.13-$KAFKA_VERSION.jar ]] || die "Maven ran but $tmp has no kafka_2.13-$KAFKA_VERSION.jar"
  touch "$tmp/.complete"
  if [[ -f $KAFKA_LIBS/.complete ]]; then
    rm -rf -- "$tmp"  # another checkout finished first
  else
    rm -rf -- "$KAFKA_LIBS"
    mv -T -- "$tmp" "$KAFKA_LIBS"
  fi
  rm -f -- "$mvn_log"
}

# The JMX exporter's Java agent jar, fetched once with Maven into the cache dir and checked
# against its pinned SHA-256. No silent fallback: without it the broker is not started.
kafka_ensure_metrics_agent() {
  [[ -n $KAFKA_METRICS_PORT ]] || return 0
  [[ -f $KAFKA_METRICS_AGENT_JAR ]] && return 0
  local artifact=io.prometheus.jmx:jmx_prometheus_javaagent:$KAFKA_METRICS_AGENT_VERSION
  local off="or set ATLAS_KAFKA_METRICS_PORT=off to run the broker without metrics"
  command -v mvn >/dev/null || die "Maven (mvn) is needed once to fetch $artifact from Maven Central (apt-get install -y maven), $off"
  local tmp=$CACHE_DIR/jmx-agent.partial.$$ mvn_log=$CACHE_DIR/mvn-jmx-agent.$$.log jar sum
  mkdir -p "$CACHE_DIR"
  rm -rf -- "$tmp"
  note "kafka: fetching the Prometheus JMX exporter agent $KAFKA_METRICS_AGENT_VERSION with Maven (first run only)..."
  if ! (cd "$KAFKA_CONF_DIR" && mvn -B -q -Dstyle.color=never -f pom.xml \
      dependency:copy "-Dartifact=$artifact" -DoutputDirectory="$tmp") >"$mvn_log" 2>&1 9>&-; then
    show_tail "$mvn_log" 40
    die "Maven could not fetch $artifact (does this machine reach Maven Central?); full output: $mvn_log; $off"
  fi
  jar=$tmp/jmx_prometheus_javaagent-$KAFKA_METRICS_AGENT_VERSION.jar
  [[ -f $jar ]] || die "Maven ran but $tmp has no jmx_prometheus_javaagent-$KAFKA_METRICS_AGENT_VERSION.jar"
  sum=$(sha256sum <"$jar" | cut -c1-64)
  [[ $sum == "$KAFKA_METRICS_AGENT_SHA256" ]] || { rm -rf -- "$tmp"; die "$artifact has SHA-256 $sum, not the pinned $KAFKA_METRICS_AGENT_SHA256; not using it"; }
  mv -f -- "$jar" "$KAFKA_METRICS_AGENT_JAR"  # atomic: checkouts sharing the cache may fetch at once
  rm -rf -- "$tmp" "$mvn_log"
}

# Copies the repository's rules to the file the agent reads when they differ; a running agent
# notices the change and reloads them.
kafka_sync_metrics_rules() {
  [[ -n $KAFKA_METRICS_PORT ]] || return 0
  [[ -r $KAFKA_METRICS_RULES_SOURCE ]] || die "the broker's metrics rules $KAFKA_METRICS_RULES_SOURCE are missing"
  mkdir -p "$KAFKA_DIR"
  cmp -s -- "$KAFKA_METRICS_RULES_SOURCE" "$KAFKA_METRICS_RULES" && return 0
  cp -- "$KAFKA_METRICS_RULES_SOURCE" "$KAFKA_METRICS_RULES.tmp" && mv -f -- "$KAFKA_METRICS_RULES.tmp" "$KAFKA_METRICS_RULES"
}

# The -javaagent option the broker runs with (none with ATLAS_KAFKA_METRICS_PORT=off). Bound to
# 127.0.0.1 like the listeners.
kafka_metrics_agent_option() {
  [[ -n $KAFKA_METRICS_PORT ]] || return 0
  printf -- '-javaagent:%s=127.0.0.1:%s:%s' "$KAFKA_METRICS_AGENT_JAR" "$KAFKA_METRICS_PORT" "$KAFKA_METRICS_RULES"
}

# True if the broker $1 serves its metrics where asked now (or has no agent, with metrics off).
# Only the address counts: another checkout sharing the state dir may have other jar paths.
kafka_metrics_match() {
  local want=off
  [[ -z $KAFKA_METRICS_PORT ]] || want=http://127.0.0.1:$KAFKA_METRICS_PORT/metrics
  [[ $(kafka_running_metrics "$1") == "$want" ]]
}

kafka_java() {
  local java=${JAVA_HOME:+$JAVA_HOME/bin/}java ver
  command -v "$java" >/dev/null || die "Java 11+ is needed to run Kafka (apt-get install -y openjdk-17-jre-headless)"
  ver=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  [[ ${ver:-0} -ge 11 ]] || die "Kafka $KAFKA_VERSION needs Java 11 or newer; $(command -v "$java") is version ${ver:-unknown}"
  printf '%s' "$java"
}

# True if $1 is the pid of this checkout's broker (a live kafka.Kafka using our properties file).
kafka_is_ours() {
  [[ $1 =~ ^[0-9]+$ ]] || return 1
  grep -qzxF kafka.Kafka "/proc/$1/cmdline" 2>/dev/null &&
    grep -qzxF -- "$KAFKA_PROPS" "/proc/$1/cmdline" 2>/dev/null
}

# Prints the broker's pid, or fails if it does not run. Falls back to a /proc scan
# (for our exact properties file) in case the pid file got lost.
kafka_pid() {
  local pid=
  [[ -s $KAFKA_PID_FILE ]] && pid=$(<"$KAFKA_PID_FILE")
  if kafka_is_ours "$pid"; then printf '%s' "$pid"; return 0; fi
  local f
  while IFS= read -r f; do
    pid=${f#/proc/}; pid=${pid%/cmdline}
    if kafka_is_ours "$pid"; then
      [[ -d $KAFKA_DIR ]] && printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
      printf '%s' "$pid"; return 0
    fi
  done < <(grep -lzxF -- "$KAFKA_PROPS" /proc/[0-9]*/cmdline 2>/dev/null)
  return 1
}

# The client port the running broker was started with.
kafka_running_port() {
  sed -n 's#^listeners=PLAINTEXT://127\.0\.0\.1:\([0-9]*\),.*#\1#p' "$KAFKA_PROPS" 2>/dev/null | tail -n1
}

# One raw Kafka request over bash's /dev/tcp. Arguments: port, the request as a
# printf format of escaped bytes (header + body, under 256 bytes, without the 4-byte
# size prefix), and how many bytes of the reply to read. Prints those bytes in hex.
# shellcheck disable=SC2016,SC2059 # the request is a printf format on purpose
kafka_rpc() {
  local len
  len=$(printf "$2" | wc -c)
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "$2" >&3
    head -c "$3" <&3 | od -An -v -tx1 | tr -d " \n"' \
    _ "$1" "\\x00\\x00\\x00\\x$(printf %02x "$len")$2" "$3" 2>/dev/null
}

# The broker serves requests: ApiVersions v0 (key 18) gets a reply with our
# correlation id (42) and error code 0.
kafka_answers() {
  local out
  out=$(kafka_rpc "$1" '\x00\x12\x00\x00\x00\x00\x00\x2a\x00\x04atls' 10) || return 1
  [[ $out == ????????0000002a0000 ]]
}

# The first consumer group / transactional producer on a fresh broker makes it create
# __consumer_offsets / __transaction_state, and the coordinators must load those
# partitions (also after every restart) before they serve requests. Until then clients
# get retriable "coordinator not available / is loading" errors, which kafkajs logs as
# ERROR. So, before reporting the broker ready:
#   * FindCoordinator v1 (key 10) for a group (key type 0) and for a transactional id
#     (key type 1) makes the broker create both topics;
#   * ListGroups v0 (key 16) and ListTransactions v0 (key 66) answer
#     COORDINATOR_LOAD_IN_PROGRESS while any of their partitions is still loading;
#   * InitProducerId v0 (key 22) without a transactional id (as an idempotent producer
#     sends it) answers COORDINATOR_LOAD_IN_PROGRESS until the broker has fetched a
#     block of producer ids from the controller, which the first request triggers.
# Each is repeated until it answers with error code 0.
kafka_warm_coordinators() {
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) step req n want out
  for step in find-group find-txn list-groups list-txns init-pid; do
    case $step in
      find-group) req='\x00\x0a\x00\x01\x00\x00\x00\x2b\x00\x04atls\x00\x0catlas-warmup\x00' n=14 want='????????0000002b????????0000' ;;
      find-txn) req='\x00\x0a\x00\x01\x00\x00\x00\x2b\x00\x04atls\x00\x0catlas-warmup\x01' n=14 want='????????0000002b????????0000' ;;
      list-groups) req='\x00\x10\x00\x00\x00\x00\x00\x2c\x00\x04atls' n=10 want='????????0000002c0000' ;;
      # flexible version: header v2 (+ empty tagged fields), two empty compact arrays
      list-txns) req='\x00\x42\x00\x00\x00\x00\x00\x2d\x00\x04atls\x00\x01\x01\x00' n=15 want='????????0000002d00????????0000' ;;
      init-pid) req='\x00\x16\x00\x00\x00\x00\x00\x2e\x00\x04atls\xff\xff\x00\x00\xea\x60' n=14 want='????????0000002e????????0000' ;;
    esac
    # shellcheck disable=SC2053 # $want is a glob pattern
    until out=$(kafka_rpc "$KAFKA_PORT" "$req" "$n") && [[ $out == $want ]]; do
      ((SECONDS < deadline)) || die "the Kafka broker answers, but its group/transaction coordinators are not ready after ${KAFKA_START_TIMEOUT}s ($step: ${out:-no reply}); see $(rel "$KAFKA_LOGS/server.log")"
      sleep 0.2
    done
  done
}

kafka_wait_ready() { # pid
  local pid=$1 deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ! kafka_answers "$KAFKA_PORT"; do
    if ! kafka_is_ours "$pid"; then
      show_errors "$KAFKA_LOGS/server.log"
      show_tail "$KAFKA_LOGS/server.log" 30
      show_tail "$KAFKA_LOGS/kafka.out" 10
      die "the Kafka broker exited during startup; see $(rel "$KAFKA_LOGS/server.log") and $(rel "$KAFKA_LOGS/kafka.out")"
    fi
    if ((SECONDS >= deadline)); then
      show_tail "$KAFKA_LOGS/server.log" 30
      die "the Kafka broker (pid $pid) did not answer on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s; it is left running, see $(rel "$KAFKA_LOGS/server.log") (raise ATLAS_KAFKA_START_TIMEOUT or run 'infra.sh kafka-stop')"
    fi
    sleep 0.3
  done
}

KAFKA_STATE= # what kafka_start did: "started" or "already running"

# With ATLAS_KAFKA_SASL_PORT: a third listener where clients authenticate with SCRAM-SHA-512 and
# ACLs apply, as on a Strimzi `scram` listener. Later keys win, so this overrides the listeners.
kafka_sasl_properties() {
  [[ -n $KAFKA_SASL_PORT ]] || return 0
  printf 'listeners=PLAINTEXT://127.0.0.1:%s,CONTROLLER://127.0.0.1:%s,SASL_PLAINTEXT://127.0.0.1:%s\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_SASL_PORT"
  printf 'advertised.listeners=PLAINTEXT://127.0.0.1:%s,CONTROLLER://127.0.0.1:%s,SASL_PLAINTEXT://127.0.0.1:%s\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$KAFKA_SASL_PORT"
  printf 'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT\n'
  printf 'sasl.enabled.mechanisms=SCRAM-SHA-512\n'
  # The server side of SCRAM needs a login module; credentials come from the cluster metadata.
  printf 'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;\n'
  printf 'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n'
  # The broker reaches its controller over the anonymous CONTROLLER listener, and the local tools
  # use PLAINTEXT: both are 127.0.0.1 only. Everything on the SASL listener is checked against ACLs.
  printf 'super.users=User:ANONYMOUS\n'
  printf 'allow.everyone.if.no.acl.found=false\n'
}

# Sets the array `scram` to StorageTool's --add-scram options for ATLAS_KAFKA_SCRAM_USERS_FILE.
kafka_scram_format_args() {
  [[ -n $KAFKA_SASL_PORT && -n ${ATLAS_KAFKA_SCRAM_USERS_FILE:-} ]] || return 0
  [[ -r $ATLAS_KAFKA_SCRAM_USERS_FILE ]] || die "ATLAS_KAFKA_SCRAM_USERS_FILE $ATLAS_KAFKA_SCRAM_USERS_FILE cannot be read"
  local name password rest
  while read -r name password rest; do
    [[ -z $name || $name == \#* ]] && continue
    [[ $name =~ ^[A-Za-z0-9._-]+$ && $password =~ ^[A-Za-z0-9._-]+$ && -z $rest ]] ||
      die "ATLAS_KAFKA_SCRAM_USERS_FILE: each line must be '<name> <password>' of letters, digits, '.', '_' and '-' (user '$name')"
    scram+=(--add-scram "SCRAM-SHA-512=[name=$name,password=$password]")
  done <"$ATLAS_KAFKA_SCRAM_USERS_FILE"
}

# Fails early if the broker is not running and another process holds one of its ports.
kafka_check_ports() {
  local p
  kafka_pid >/dev/null && return 0
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" ${KAFKA_SASL_PORT:+"$KAFKA_SASL_PORT"} ${KAFKA_METRICS_PORT:+"$KAFKA_METRICS_PORT"}; do
    ! port_open "$p" || die "port 127.0.0.1:$p is already used by another process; stop it or choose other ports with ATLAS_KAFKA_PORT / ATLAS_KAFKA_CONTROLLER_PORT / ATLAS_KAFKA_METRICS_PORT"
  done
}

kafka_start() {
  local pid java running_port
  # First, so that a broker is never stopped (below) or started without the agent it should have.
  kafka_ensure_metrics_agent
  kafka_sync_metrics_rules
  if pid=$(kafka_pid) && ! kafka_metrics_match "$pid"; then
    # E.g. started by an infra.sh that had no metrics agent: restart it with the agent (data kept).
    local wanted="no metrics agent"
    [[ -z $KAFKA_METRICS_PORT ]] || wanted="metrics on 127.0.0.1:$KAFKA_METRICS_PORT"
    note "kafka: the running broker (pid $pid, metrics $(kafka_running_metrics "$pid")) is restarted for $wanted; its data is kept"
    kafka_stop
  fi
  if pid=$(kafka_pid); then
    running_port=$(kafka_running_port)
    [[ $running_port == "$KAFKA_PORT" ]] ||
      die "the Kafka broker already runs (pid $pid) on port ${running_port:-?}, not $KAFKA_PORT; run 'infra.sh kafka-stop' first or set ATLAS_KAFKA_PORT=${running_port:-?}"
    kafka_wait_ready "$pid"
    kafka_warm_coordinators
    KAFKA_STATE="already running"
    return 0
  fi
  kafka_check_ports
  java=$(kafka_java)
  kafka_ensure_jars
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS" "$KAFKA_DIR/tmp"
  {
    cat "$KAFKA_CONF_DIR/server.properties"
    printf '\n# ---- written by deploy/local/infra.sh ----\n'
    printf 'node.id=1\n'
    printf 'controller.quorum.voters=1@127.0.0.1:%s\n' "$KAFKA_CONTROLLER_PORT"
    printf 'listeners=PLAINTEXT://127.0.0.1:%s,CONTROLLER://127.0.0.1:%s\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
    printf 'advertised.listeners=PLAINTEXT://127.0.0.1:%s,CONTROLLER://127.0.0.1:%s\n' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
    printf 'log.dirs=%s\n' "$KAFKA_DATA"
    kafka_sasl_properties
  } >"$KAFKA_PROPS"

  local -a heap extra jvm
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  read -r -a extra <<<"${ATLAS_KAFKA_JAVA_OPTS:-}"
  jvm=(
    "${heap[@]}"
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$KAFKA_CONF_DIR/log4j.properties"
    "-Dkafka.logs.dir=$KAFKA_LOGS"
    # zstd-jni and snappy unpack native code; keep it off /tmp (which may be noexec).
    "-DZstdTempFolder=$KAFKA_DIR/tmp" "-Dorg.xerial.snappy.tempdir=$KAFKA_DIR/tmp"
    ${extra[@]+"${extra[@]}"}
    -cp "$KAFKA_LIBS/*"
  )

  if [[ ! -f $KAFKA_DATA/meta.properties ]]; then
    local -a scram=()
    kafka_scram_format_args
    if ! (cd "$KAFKA_DIR" && "$java" "${jvm[@]}" kafka.tools.StorageTool format \
        "--cluster-id=$KAFKA_CLUSTER_ID" -c "$KAFKA_PROPS" --ignore-formatted ${scram[@]+"${scram[@]}"}) >"$KAFKA_LOGS/storage-format.log" 2>&1 9>&-; then
      show_tail "$KAFKA_LOGS/storage-format.log"
      die "formatting the Kafka storage in $(rel "$KAFKA_DATA") failed; see $(rel "$KAFKA_LOGS/storage-format.log")"
    fi
  fi

  # The metrics agent only for the broker itself (not the storage format above); it is first in
  # the options so a bad rules file fails the start (the JVM stops when an agent fails).
  local agent
  agent=$(kafka_metrics_agent_option)
  # A new session (setsid) so the broker survives the calling shell and its Ctrl-C.
  (cd "$KAFKA_DIR" && exec nohup setsid "$java" ${agent:+"$agent"} "${jvm[@]}" kafka.Kafka "$KAFKA_PROPS") \
    >>"$KAFKA_LOGS/kafka.out" 2>&1 </dev/null 9>&- &
  pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
  # setsid only forks when it is a process-group leader, which it is not here; be sure anyway.
  sleep 0.2
  kafka_is_ours "$pid" || pid=$(kafka_pid) || {
    show_tail "$KAFKA_LOGS/kafka.out"
    die "the Kafka broker did not start; see $(rel "$KAFKA_LOGS/kafka.out")"
  }
  kafka_wait_ready "$pid"
  kafka_warm_coordinators
  KAFKA_STATE=started
}

kafka_stop() {
  local pid deadline
  if ! pid=$(kafka_pid); then
    rm -f -- "$KAFKA_PID_FILE"
    note "kafka: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kafka_is_ours "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  if kafka_is_ours "$pid"; then
    note "kafka: broker (pid $pid) still running after ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 10))
    while kafka_is_ours "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    ! kafka_is_ours "$pid" || die "could not stop the Kafka broker (pid $pid)"
  fi
  rm -f -- "$KAFKA_PID_FILE"
  note "kafka: stopped (pid $pid)"
}

# Where the running broker $1 serves its metrics, from its command line ("off" without the agent).
kafka_running_metrics() {
  local agent
  agent=$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | sed -n 's#^-javaagent:[^=]*jmx_prometheus_javaagent[^=]*=\([0-9.]*:[0-9]*\):.*#http://\1/metrics#p')
  printf '%s' "${agent:-off}"
}

kafka_status() { # prints a line; returns 0 if the broker is up
  local pid port
  if pid=$(kafka_pid); then
    port=$(kafka_running_port)
    if kafka_answers "${port:-$KAFKA_PORT}"; then
      printf 'kafka     up        127.0.0.1:%s  pid %s  Kafka %s (KRaft)  metrics %s  log %s\n' "${port:-$KAFKA_PORT}" "$pid" "$KAFKA_VERSION" "$(kafka_running_metrics "$pid")" "$(rel "$KAFKA_LOGS/server.log")"
      return 0
    fi
    printf 'kafka     starting  127.0.0.1:%s  pid %s (not answering yet)  log %s\n' "${port:-$KAFKA_PORT}" "$pid" "$(rel "$KAFKA_LOGS/server.log")"
    return 1
  fi
  if [[ -f $KAFKA_DATA/meta.properties ]]; then
    printf 'kafka     down      (data kept in %s)\n' "$(rel "$KAFKA_DATA")"
  else
    printf 'kafka     down\n'
  fi
  return 1
}

# ---------------------------------------------------------------------- PostgreSQL

PG_BINDIR=

pg_bin() { # name: path of a PostgreSQL program (server bindir first, then PATH)
  if [[ -n $PG_BINDIR && -x $PG_BINDIR/$1 ]]; then printf '%s' "$PG_BINDIR/$1"
  elif command -v "$1" >/dev/null; then command -v "$1"
  else die "PostgreSQL program '$1' not found"; fi
}

pg_major_of() { # bindir: major version of its postgres binary
  "$1/postgres" --version 2>/dev/null | sed -n 's/^[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -n1
}

# Picks the directory with initdb, pg_ctl and postgres. An existing data directory
# needs the same major version it was created with.
pg_find_bindir() { # [wanted major]
  local want=${1:-} d
  local -a cands=()
  [[ -n ${ATLAS_PG_BINDIR:-} ]] && cands+=("$ATLAS_PG_BINDIR")
  if command -v pg_config >/dev/null; then
    d=$(pg_config --bindir 2>/dev/null || true)
    [[ -n $d ]] && cands+=("$d")
  fi
  while IFS= read -r d; do cands+=("$d"); done < <(printf '%s\n' /usr/lib/postgresql/*/bin | grep -v '\*' | sort -Vr)
  d=$(command -v pg_ctl 2>/dev/null || true)
  [[ -n $d ]] && cands+=("$(dirname -- "$(readlink -f -- "$d")")")
  for d in ${cands[@]+"${cands[@]}"}; do
    [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] || continue
    [[ -z $want || $(pg_major_of "$d") == "$want" ]] || continue
    printf '%s' "$d"; return 0
  done
  return 1
}

pg_install() {
  command -v apt-get >/dev/null || die "no PostgreSQL server binaries found (initdb/pg_ctl/postgres) and no apt-get to install them; install PostgreSQL or set ATLAS_PG_BINDIR"
  is_root || die "no PostgreSQL server binaries found; install them (sudo apt-get install -y postgresql) or run this script as root"
  local log=$STATE_DIR/apt-postgresql.log policy=/usr/sbin/policy-rc.d added_policy=
  note "postgres: no server binaries found, installing Debian's postgresql package (apt-get)..."
  # Keep the package's own "main" cluster from being started: we run a private one.
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added_policy=1
  fi
  local rc=0
  { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql; } >"$log" 2>&1 9>&- || rc=$?
  [[ -n $added_policy ]] && rm -f -- "$policy"
  if ((rc != 0)); then show_tail "$log" 30; die "apt-get could not install postgresql; see $log"; fi
  rm -f -- "$log"
}

pg_ensure_os_user() {
  is_root || return 0
  id -u "$PG_OS_USER" >/dev/null 2>&1 && return 0
  useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER" ||
    die "could not create the '$PG_OS_USER' user"
}

is_root() { [[ $(id -u) == 0 ]]; }

# Runs a PostgreSQL server program: as the postgres user when we are root (initdb and
# postgres refuse to run as root), else as ourselves.
as_pg() {
  if is_root; then (cd / && exec runuser -u "$PG_OS_USER" -- "$@") 9>&-
  else (cd / && exec "$@") 9>&-; fi
}
pg_chown() { if is_root; then chown "$PG_OS_USER:" -- "$@"; fi; }

# Sets PG_BASE, PG_DATA, PG_LOG, PG_SOCK without touching the disk.
pg_locate() {
  PG_BASE=$STATE_DIR/postgres
  if [[ -s $PG_LOCATION_FILE ]]; then PG_BASE=$(<"$PG_LOCATION_FILE"); fi
  PG_DATA=$PG_BASE/data
  PG_LOG=$PG_BASE/postgres.log
  PG_SOCK=$PG_BASE/run
  # Unix socket paths are limited to ~107 bytes.
  if (( ${#PG_SOCK} + 20 > 100 )); then PG_SOCK=/tmp/atlas-pg-$REPO_HASH; fi
}

# Creates the directories, owned by the postgres user. initdb/postgres refuse to
# run as root, and the postgres user must be able to reach the data directory: if a
# directory above the repo is closed to it, the data goes to /var/tmp instead.
pg_prepare_dirs() {
  if [[ ! -s $PG_LOCATION_FILE ]] && is_root; then
    local base=$STATE_DIR/postgres
    chmod o+x -- "$REPO_ROOT" "$REPO_ROOT/.atlas" "$STATE_DIR" 2>/dev/null || true
    mkdir -p -- "$base"
    pg_chown "$base"
    chmod 750 -- "$base"
    if ! as_pg test -x "$base" -a -w "$base" 2>/dev/null; then
      local fallback=/var/tmp/atlas-$REPO_HASH/postgres
      note "postgres: $(rel "$base") is not reachable by the '$PG_OS_USER' user (a directory above it lacks o+x); keeping the PostgreSQL data in $fallback instead"
      rmdir -- "$base" 2>/dev/null || true
      mkdir -p -- "$fallback"
      printf '%s\n' "$fallback" >"$PG_LOCATION_FILE"
    fi
    pg_locate
  fi
  mkdir -p -- "$PG_BASE" "$PG_SOCK"
  pg_chown "$PG_BASE" "$PG_SOCK"
  chmod 750 -- "$PG_BASE"
  as_pg test -w "$PG_BASE" || die "the '$PG_OS_USER' user cannot write to $PG_BASE"
}

pg_pid() { # pid of the running private cluster's postmaster (started with -D $PG_DATA), or fail
  local pid
  [[ -r $PG_DATA/postmaster.pid ]] || return 1
  pid=$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && grep -qzxF -- "$PG_DATA" "/proc/$pid/cmdline" 2>/dev/null || return 1
  printf '%s' "$pid"
}

pg_running_port() { sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null; }

pg_ready() { # port
  "$(pg_bin pg_isready)" -q -h 127.0.0.1 -p "$1" -U "$PG_USER" -d postgres 2>/dev/null
}

pg_url_reachable() { # url
  local isready psql
  isready=$(command -v pg_isready || true)
  psql=$(command -v psql || true)
  [[ -n $isready || -n $psql ]] || return 1
  [[ -z $isready ]] || PGCONNECT_TIMEOUT=5 "$isready" -q -d "$1" 2>/dev/null || return 1
  [[ -z $psql ]] || PGCONNECT_TIMEOUT=5 "$psql" "$1" -X -Atqc 'select 1' >/dev/null 2>&1 9>&-
}

pg_ensure_db() {
  local psql exists
  psql=$(pg_bin psql)
  exists=$("$psql" -X -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -Atqc \
    "select 1 from pg_database where datname = '$PG_DB'" 2>&1) || die "cannot query the private PostgreSQL cluster: $exists"
  [[ $exists == 1 ]] && return 0
  "$psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -c "create database $PG_DB" >/dev/null ||
    die "could not create the database '$PG_DB'"
}

PG_STATE= # what pg_start did

pg_start() {
  local url=${DATABASE_URL:-}
  pg_locate
  if [[ -n $url && $url != "$PRIVATE_DB_URL" ]]; then
    if pg_url_reachable "$url"; then
      printf '%s\n' "$url" >"$PG_EXTERNAL_FILE"
      PG_STATE=external
      if pg_pid >/dev/null; then
        note "postgres: using DATABASE_URL; the private cluster in $(rel "$PG_BASE") also runs ('infra.sh down' stops it)"
      fi
      return 0
    fi
    note "postgres: DATABASE_URL is set but not reachable; starting a private cluster instead"
  fi
  rm -f -- "$PG_EXTERNAL_FILE"

  local want='' pid running_port
  [[ -f $PG_DATA/PG_VERSION ]] && want=$(<"$PG_DATA/PG_VERSION")
  if ! PG_BINDIR=$(pg_find_bindir "$want"); then
    [[ -z $want ]] || die "the PostgreSQL data in $PG_DATA was created by PostgreSQL $want, whose server binaries are not installed (set ATLAS_PG_BINDIR, or 'infra.sh down --purge' to start afresh)"
    pg_install
    PG_BINDIR=$(pg_find_bindir) || die "PostgreSQL server binaries still not found after installing the postgresql package"
  fi
  pg_ensure_os_user

  if pid=$(pg_pid); then
    running_port=$(pg_running_port)
    [[ $running_port == "$PG_PORT" ]] ||
      die "the private PostgreSQL cluster already runs (pid $pid) on port $running_port, not $PG_PORT; run 'infra.sh down' first or set ATLAS_POSTGRES_PORT=$running_port"
    pg_ready "$PG_PORT" || die "the private PostgreSQL cluster runs (pid $pid) but does not accept connections on 127.0.0.1:$PG_PORT; see $(rel "$PG_LOG")"
    pg_ensure_db
    PG_STATE="already running"
    return 0
  fi
  ! port_open "$PG_PORT" || die "port 127.0.0.1:$PG_PORT is already used by another process; stop it or set ATLAS_POSTGRES_PORT"

  pg_prepare_dirs
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    local locale=C
    locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$' && locale=C.UTF-8
    if ! as_pg "$PG_BINDIR/initdb" -D "$PG_DATA" -A trust -U "$PG_USER" -E UTF8 --locale="$locale" \
        >"$PG_BASE/initdb.log" 2>&1; then
      show_tail "$PG_BASE/initdb.log"
      rm -rf -- "$PG_DATA"
      die "initdb failed; see $PG_BASE/initdb.log"
    fi
    cat >"$PG_DATA/atlas.conf" <<'EOF'
# Added by deploy/local/infra.sh (port, socket directory and listen address are
# passed on the pg_ctl command line).
max_connections = 200
EOF
    pg_chown "$PG_DATA/atlas.conf"
    printf "\ninclude_if_exists = 'atlas.conf'\n" >>"$PG_DATA/postgresql.conf"
  fi
  if ! as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-p $PG_PORT -k '$PG_SOCK' -c listen_addresses=127.0.0.1" start >/dev/null 2>&1; then
    show_tail "$PG_LOG"
    die "PostgreSQL did not start; see $PG_LOG"
  fi
  pg_ready "$PG_PORT" || die "PostgreSQL started but does not accept connections on 127.0.0.1:$PG_PORT; see $PG_LOG"
  pg_ensure_db
  PG_STATE=started
}

pg_stop() {
  pg_locate
  rm -f -- "$PG_EXTERNAL_FILE"
  local pid want
  if ! pid=$(pg_pid); then note "postgres: private cluster not running"; return 0; fi
  want=$(cat "$PG_DATA/PG_VERSION" 2>/dev/null || true)
  PG_BINDIR=$(pg_find_bindir "$want") || die "cannot find the pg_ctl of PostgreSQL $want to stop the cluster (pid $pid)"
  as_pg "$PG_BINDIR/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null ||
    die "pg_ctl could not stop the private PostgreSQL cluster (pid $pid); see $PG_LOG"
  note "postgres: stopped (pid $pid)"
}

pg_status() {
  pg_locate
  local pid port url
  if [[ -s $PG_EXTERNAL_FILE ]]; then
    url=$(<"$PG_EXTERNAL_FILE")
    if pg_url_reachable "$url"; then printf 'postgres  up        external DATABASE_URL (%s)\n' "$(redact "$url")"; return 0; fi
    printf 'postgres  down      external DATABASE_URL not reachable (%s)\n' "$(redact "$url")"
    return 1
  fi
  if pid=$(pg_pid); then
    port=$(pg_running_port)
    PG_BINDIR=$(pg_find_bindir "$(cat "$PG_DATA/PG_VERSION" 2>/dev/null || true)" || true)
    if pg_ready "$port"; then
      printf 'postgres  up        127.0.0.1:%s  pid %s  PostgreSQL %s  data %s\n' "$port" "$pid" "$(cat "$PG_DATA/PG_VERSION")" "$(rel "$PG_DATA")"
      return 0
    fi
    printf 'postgres  starting  127.0.0.1:%s  pid %s (not accepting connections)  log %s\n' "$port" "$pid" "$(rel "$PG_LOG")"
    return 1
  fi
  if [[ -f $PG_DATA/PG_VERSION ]]; then
    printf 'postgres  down      (data kept in %s)\n' "$(rel "$PG_DATA")"
  else
    printf 'postgres  down\n'
  fi
  return 1
}

redact() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

# --------------------------------------------------------------------- commands

# KEY=value, single-quoted when the value has characters a shell would interpret
# (also understood by dotenv parsers).
env_line() {
  local prefix=$1 key=$2 val=$3
  if [[ $val =~ ^[A-Za-z0-9_@%+=:,./-]*$ ]]; then printf '%s%s=%s\n' "$prefix" "$key" "$val"
  else printf "%s%s='%s'\n" "$prefix" "$key" "${val//\'/\'\\\'\'}"; fi
}

env_lines() { # [prefix]
  local db=$PRIVATE_DB_URL
  [[ -s $PG_EXTERNAL_FILE ]] && db=$(<"$PG_EXTERNAL_FILE")
  env_line "${1:-}" KAFKA_BROKERS "127.0.0.1:$KAFKA_PORT"
  env_line "${1:-}" DATABASE_URL "$db"
  # Where Prometheus scrapes the broker (deploy/local/monitoring.sh reads it).
  [[ -z $KAFKA_METRICS_PORT ]] || env_line "${1:-}" KAFKA_METRICS_ADDRESS "127.0.0.1:$KAFKA_METRICS_PORT"
}

cmd_up() {
  take_lock
  local t0=$SECONDS
  kafka_check_ports
  kafka_java >/dev/null
  kafka_ensure_metrics_agent  # fail before starting anything when the agent cannot be had
  pg_start
  kafka_start
  env_lines >"$INFRA_ENV_FILE.tmp" && mv -f -- "$INFRA_ENV_FILE.tmp" "$INFRA_ENV_FILE"
  local pg_desc
  case $PG_STATE in
    external) pg_desc="external DATABASE_URL ($(redact "$(<"$PG_EXTERNAL_FILE")"))" ;;
    *) pg_desc="127.0.0.1:$PG_PORT  pid $(pg_pid)  $PG_STATE" ;;
  esac
  printf 'Atlas local infra is up (%ss):\n' "$((SECONDS - t0))"
  printf '  kafka     127.0.0.1:%s  pid %s  %s  metrics %s\n' "$KAFKA_PORT" "$(kafka_pid)" "$KAFKA_STATE" "$(kafka_running_metrics "$(kafka_pid)")"
  printf '  postgres  %s\n' "$pg_desc"
  printf 'Environment (also in %s):\n' "$(rel "$INFRA_ENV_FILE")"
  env_lines | while IFS= read -r line; do printf '  %s\n' "$(redact "$line")"; done
}

cmd_down() {
  local purge=
  case ${1:-} in
    '') ;;
    --purge) purge=1 ;;
    *) die "unknown option for down: $1 (only --purge)" ;;
  esac
  if [[ ! -d $STATE_DIR ]]; then note "nothing to stop"; return 0; fi
  take_lock
  kafka_stop
  pg_stop
  rm -f -- "$INFRA_ENV_FILE"
  if [[ -n $purge ]]; then
    pg_locate
    rm -rf -- "$KAFKA_DIR"
    rm -rf -- "$PG_BASE"
    [[ $PG_SOCK == /tmp/atlas-pg-* ]] && rm -rf -- "$PG_SOCK"
    if [[ -s $PG_LOCATION_FILE ]]; then
      rmdir -- "$(dirname -- "$PG_BASE")" 2>/dev/null || true
      rm -f -- "$PG_LOCATION_FILE"
    fi
    note "purged Kafka and PostgreSQL data (the jar cache in $(rel "$CACHE_DIR") is kept)"
  fi
}

cmd_status() {
  local rc=0
  kafka_status || rc=1
  pg_status || rc=1
  return "$rc"
}

cmd_env() {
  case ${1:-} in
    '') env_lines ;;
    --export) env_lines 'export ' ;;
    *) die "unknown option for env: $1 (only --export)" ;;
  esac
}

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    env) cmd_env "$@" ;;
    kafka-start) take_lock; kafka_start; printf 'kafka: %s on 127.0.0.1:%s (pid %s)\n' "$KAFKA_STATE" "$KAFKA_PORT" "$(kafka_pid)" ;;
    kafka-stop) if [[ -d $STATE_DIR ]]; then take_lock; kafka_stop; else note "kafka: not running"; fi ;;
    postgres-restart)
      take_lock
      [[ ! -s $PG_EXTERNAL_FILE ]] || die "postgres: the database is an external DATABASE_URL; only the private cluster can be restarted"
      pg_stop
      pg_start
      printf 'postgres: restarted on 127.0.0.1:%s (pid %s)\n' "$PG_PORT" "$(pg_pid)" ;;
    -h | --help | help) usage ;;
    '') usage >&2; exit 2 ;;
    *) note "unknown command: $cmd"; usage >&2; exit 2 ;;
  esac
}

# Run unless sourced (sourcing gives access to the functions, e.g. for debugging).
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
