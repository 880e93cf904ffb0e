#!/usr/bin/env bash
# A local cluster of three KRaft Apache Kafka brokers (node ids 1, 2, 3, each broker and controller,
# one quorum of three voters) behind Toxiproxy, without Docker: the same jars as broker.sh, the
# Toxiproxy server built from its Go module on first use (.kafka/bin), each broker's data, logs and
# pid under $MSGSTATUS_CLUSTER_HOME (default .kafka/cluster).
#   tools/kafka/cluster.sh start | stop | status | ports | build      (build: the jars, Toxiproxy and the tools, nothing started)
#   tools/kafka/cluster.sh kill N | stop-broker N | start-broker N      (one broker, by node id)
#   tools/kafka/cluster.sh state | committed TOPIC | configure KEY=VALUE,...
# MSGSTATUS_CLUSTER_UNCLEAN_ELECTION=true allows unclean leader elections (only to show what they lose).
# Ports from $MSGSTATUS_CLUSTER_PORT (default 9292), broker N at base + 10 (N - 1) + k:
#   k=0 inter-broker (direct), k=1 controller (direct), k=2 and k=3 the client and projector listeners,
#   k=4 and k=5 their Toxiproxy ports, which are what each broker advertises: every client connection
#   (bootstrap and per-broker) crosses the proxy, inter-broker and controller traffic do not. The
#   PROJECTOR listener is the same as the client one, on its own proxy, so that a fault can cut one
#   app's link to one broker. Toxiproxy's API is on base + 30.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${MSGSTATUS_CLUSTER_HOME:-$root/.kafka/cluster}"
base="${MSGSTATUS_CLUSTER_PORT:-9292}"
source "$here/jars.sh"
tool_logs="$home/logs"
toxiproxy_version="v2.12.0"
toxiproxy="$root/.kafka/bin/server"
toxiproxy_api="127.0.0.1:$((base + 30))"
nodes=(1 2 3)

port_of() { echo $((base + 10 * ($1 - 1) + $2)); }
direct_of() { echo "127.0.0.1:$(port_of "$1" 0)"; }
answers_on() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_of() { cat "$home/broker-$1.pid" 2>/dev/null || true; }
running() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
joined() { local IFS=,; echo "$*"; }
list_of() { local k="$1" out=(); for node in "${nodes[@]}"; do out+=("127.0.0.1:$(port_of "$node" "$k")"); done; joined "${out[@]}"; }
check_node() { case "${1:-}" in 1|2|3) ;; *) echo "cluster: a node id is 1, 2 or 3, not '${1:-}'" >&2; exit 2 ;; esac; }

build_toxiproxy() {
  [ -x "$toxiproxy" ] && return
  echo "cluster: building Toxiproxy $toxiproxy_version with go install (once)" >&2
  mkdir -p "$root/.kafka/bin"
  GOBIN="$root/.kafka/bin" go install "github.com/Shopify/toxiproxy/v2/cmd/server@$toxiproxy_version" >&2
}

# The proxies are created anew at each start (a Toxiproxy restart forgets them), all enabled, no toxics.
start_toxiproxy() {
  if ! answers_on "$((base + 30))"; then
    build_toxiproxy
    nohup "$toxiproxy" -host 127.0.0.1 -port "$((base + 30))" > "$home/logs/toxiproxy.log" 2>&1 &
    echo $! > "$home/toxiproxy.pid"
    local deadline=$((SECONDS + 30))
    until curl -fs "http://$toxiproxy_api/version" > /dev/null; do
      if [ $SECONDS -ge $deadline ]; then echo "cluster: Toxiproxy does not answer on $toxiproxy_api" >&2; exit 1; fi
      sleep 0.2
    done
  fi
  local proxies=()
  for node in "${nodes[@]}"; do
    proxies+=("{\"name\":\"client-$node\",\"listen\":\"127.0.0.1:$(port_of "$node" 4)\",\"upstream\":\"127.0.0.1:$(port_of "$node" 2)\",\"enabled\":true}")
    proxies+=("{\"name\":\"projector-$node\",\"listen\":\"127.0.0.1:$(port_of "$node" 5)\",\"upstream\":\"127.0.0.1:$(port_of "$node" 3)\",\"enabled\":true}")
  done
  curl -fs -X POST "http://$toxiproxy_api/reset" > /dev/null
  curl -fs -X POST -H 'content-type: application/json' -d "[$(joined "${proxies[@]}")]" "http://$toxiproxy_api/populate" > /dev/null
}

write_config() {
  local node="$1" voters=()
  local dir="$home/broker-$node"
  for voter in "${nodes[@]}"; do voters+=("$voter@127.0.0.1:$(port_of "$voter" 1)"); done
  mkdir -p "$dir/data"
  cat > "$dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=$node
controller.quorum.voters=$(joined "${voters[@]}")
listeners=INTERNAL://127.0.0.1:$(port_of "$node" 0),CONTROLLER://127.0.0.1:$(port_of "$node" 1),CLIENT://127.0.0.1:$(port_of "$node" 2),PROJECTOR://127.0.0.1:$(port_of "$node" 3)
advertised.listeners=INTERNAL://127.0.0.1:$(port_of "$node" 0),CLIENT://127.0.0.1:$(port_of "$node" 4),PROJECTOR://127.0.0.1:$(port_of "$node" 5)
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,CLIENT:PLAINTEXT,PROJECTOR:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=false
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
transaction.state.log.num.partitions=6
group.initial.rebalance.delay.ms=0
# A killed broker is noticed within seconds, not the 9 s default, and a follower out of date drops out of the ISR in 10 s.
broker.session.timeout.ms=6000
broker.heartbeat.interval.ms=1000
replica.lag.time.max.ms=10000
# Only to break durability on purpose (the cluster soak's --break-durability): a replica out of date may become leader.
unclean.leader.election.enable=${MSGSTATUS_CLUSTER_UNCLEAN_ELECTION:-false}
# KRaft makes unclean elections in its periodic leader check, every 300 s by default: every 5 s then.
leader.imbalance.check.interval.seconds=$([ "${MSGSTATUS_CLUSTER_UNCLEAN_ELECTION:-false}" = true ] && echo 5 || echo 300)
PROPERTIES
}

launch() {
  local node="$1"
  local dir="$home/broker-$node"
  mkdir -p "$dir/logs"
  java_command 384m "$dir/logs"
  nohup "${java_args[@]}" kafka.Kafka "$dir/server.properties" > "$dir/logs/stdout.log" 2>&1 &
  echo $! > "$home/broker-$node.pid"
}

# Until the broker answers a real Kafka request (ApiVersions) on its direct listener.
await_broker() {
  local node="$1" deadline=$((SECONDS + ${2:-120}))
  until answers_on "$(port_of "$node" 0)" && kafka_tool kafka.admin.BrokerApiVersionsCommand --bootstrap-server "$(direct_of "$node")" > /dev/null 2>&1; do
    if ! running "$node"; then echo "cluster: broker $node exited; see $home/broker-$node/logs" >&2; tail -20 "$home/broker-$node/logs/stdout.log" >&2; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then echo "cluster: broker $node does not answer Kafka requests" >&2; exit 1; fi
    sleep 0.5
  done
}

start() {
  fetch_jars
  mkdir -p "$home/logs"
  start_toxiproxy
  [ -f "$home/cluster.id" ] || kafka_tool kafka.tools.StorageTool random-uuid > "$home/cluster.id"
  for node in "${nodes[@]}"; do
    running "$node" && continue
    write_config "$node"
    if [ ! -f "$home/broker-$node/data/meta.properties" ]; then
      kafka_tool kafka.tools.StorageTool format -t "$(cat "$home/cluster.id")" -c "$home/broker-$node/server.properties" > "$home/logs/format-$node.log"
    fi
    launch "$node"
  done
  # All three at once: a controller quorum needs two of them before any broker registers.
  for node in "${nodes[@]}"; do await_broker "$node"; done
  echo "cluster: 3 brokers up, clients through Toxiproxy on $(list_of 4) (projectors $(list_of 5)), Toxiproxy API on $toxiproxy_api, files in $home"
}

start_broker() {
  check_node "$1"
  if running "$1"; then echo "cluster: broker $1 runs already"; return; fi
  write_config "$1"
  launch "$1"
  await_broker "$1"
  echo "cluster: broker $1 up (pid $(pid_of "$1"))"
}

# stop_broker N SIGNAL: sends SIGNAL (TERM: a controlled shutdown; KILL) and waits until the process is gone.
stop_broker() {
  check_node "$1"
  if ! running "$1"; then rm -f "$home/broker-$1.pid"; return; fi
  local pid; pid="$(pid_of "$1")"
  kill "-$2" "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$home/broker-$1.pid"
  echo "cluster: broker $1 stopped ($2)"
}

stop() {
  for node in "${nodes[@]}"; do stop_broker "$node" TERM; done
  if [ -f "$home/toxiproxy.pid" ]; then kill "$(cat "$home/toxiproxy.pid")" 2>/dev/null || true; rm -f "$home/toxiproxy.pid"; fi
  echo "cluster: stopped"
}

# cluster_tool CLASS ARGS...: one of the Java tools beside this script, compiled once into .kafka/cluster-tools
# (a single-file launch would compile it at every call), run with the broker's jars.
classes="$root/.kafka/cluster-tools"
cluster_tool_classes() {
  if [ ! -f "$classes/$1.class" ] || [ "$here/$1.java" -nt "$classes/$1.class" ]; then
    mkdir -p "$classes" && javac -nowarn -cp "$lib/*" -d "$classes" "$here/$1.java"
  fi
}
cluster_tool() {
  local class="$1"; shift
  cluster_tool_classes "$class"
  java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$tool_logs" \
    -cp "$classes:$lib/*" "$class" "$@"
}

# Any running broker's direct listener, for the tools (they go around the proxy and its faults).
any_direct() {
  for node in "${nodes[@]}"; do running "$node" && { direct_of "$node"; return; }; done
  echo "cluster: no broker runs" >&2; exit 1
}

case "${1:-}" in
  start) start ;;
  build) fetch_jars; build_toxiproxy; cluster_tool_classes ClusterState; cluster_tool_classes CommittedRecords; echo "cluster: jars, Toxiproxy ($toxiproxy) and tools ready" ;;
  stop) stop ;;
  status)
    up=0; for node in "${nodes[@]}"; do running "$node" && answers_on "$(port_of "$node" 0)" && up=$((up + 1)); done
    echo "cluster: $up of 3 brokers up"; [ "$up" -eq 3 ] ;;
  ports)
    echo "clients=$(list_of 4)"; echo "projectors=$(list_of 5)"; echo "direct=$(list_of 0)"; echo "toxiproxy=http://$toxiproxy_api" ;;
  kill) stop_broker "${2:-}" KILL ;;
  stop-broker) stop_broker "${2:-}" TERM ;;
  start-broker) start_broker "${2:-}" ;;
  # The active controller and every partition's leader, replicas and ISR (ClusterState.java says the format).
  state) cluster_tool ClusterState "$(any_direct)" ;;
  # A topic as Kafka's Java consumer reads it, read_committed: its records and distinct key#version (CommittedRecords.java).
  committed) cluster_tool CommittedRecords "$(any_direct)" "${2:?TOPIC}" ;;
  # Cluster-wide dynamic broker defaults (e.g. unclean.leader.election.enable=true).
  configure)
    kafka_tool kafka.admin.ConfigCommand --bootstrap-server "$(any_direct)" --alter --entity-type brokers --entity-default --add-config "${2:?KEY=VALUE,...}" ;;
  *) echo "usage: $0 start|stop|status|ports|build|kill N|stop-broker N|start-broker N|state|committed TOPIC|configure KEY=VALUE,..." >&2; exit 2 ;;
esac
