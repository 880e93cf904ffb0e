#!/usr/bin/env bash
# A real single-node KRaft Apache Kafka broker on 127.0.0.1:9092 (SASL/SCRAM on 9094, TLS with SASL/SCRAM on 9095), without Docker: jars from Maven
# Central (cached in .kafka/lib), storage formatted once, the broker run in the background.
#   tools/kafka/broker.sh start | stop | status
# Idempotent: start when a broker answers is a no-op. KAFKA_BROKERS pointing elsewhere skips it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${MSGSTATUS_KAFKA_HOME:-$root/.kafka}"
# The jars are shared by every broker of the project (a second one on another port and home too).
source "$here/jars.sh"
tool_logs="$home/logs"
port="${MSGSTATUS_KAFKA_PORT:-9092}"
controller_port=$((port + 1))
# A second listener that requires SASL/SCRAM (SHA-256 or SHA-512), for the authentication tests. Its
# user is a local test credential, not a secret: the broker listens on loopback only.
sasl_port=$((port + 2))
sasl_user="${MSGSTATUS_KAFKA_SASL_USER:-msgstatus}"
sasl_password="${MSGSTATUS_KAFKA_SASL_PASSWORD:-msgstatus-local-test}"
# A third listener with TLS (and SCRAM), its certificate made at start with the JDK's keytool:
# self-signed for 127.0.0.1 and localhost, so only a client given tls/ca.pem trusts it.
tls_port=$((port + 3))
tls_dir="$home/tls"
tls_password="msgstatus-local-tls"
pidfile="$home/broker.pid"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

make_certificate() {
  [ -f "$tls_dir/ca.pem" ] && return
  mkdir -p "$tls_dir"
  rm -f "$tls_dir/broker.p12"
  keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 -dname "CN=localhost" \
    -ext "SAN=dns:localhost,ip:127.0.0.1" -keystore "$tls_dir/broker.p12" -storetype PKCS12 \
    -storepass "$tls_password" -keypass "$tls_password" > "$home/logs/keytool.log" 2>&1
  keytool -exportcert -rfc -alias broker -keystore "$tls_dir/broker.p12" -storepass "$tls_password" -file "$tls_dir/ca.pem" >> "$home/logs/keytool.log" 2>&1
}

write_config() {
  mkdir -p "$home/data" "$home/logs"
  cat > "$home/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SASL_SSL://127.0.0.1:$tls_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SASL_SSL://127.0.0.1:$tls_port
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$tls_dir/broker.p12
ssl.keystore.password=$tls_password
ssl.key.password=$tls_password
log.dirs=$home/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
group.initial.rebalance.delay.ms=0
PROPERTIES
}

start() {
  if [ -n "${KAFKA_BROKERS:-}" ] && [ "${KAFKA_BROKERS}" != "127.0.0.1:$port" ] && [ "${KAFKA_BROKERS}" != "localhost:$port" ]; then
    echo "kafka: KAFKA_BROKERS=$KAFKA_BROKERS, not starting a local broker"; return
  fi
  if answers; then echo "kafka: a broker already answers on 127.0.0.1:$port"; return; fi
  fetch_jars
  mkdir -p "$home/logs"
  make_certificate
  write_config
  if [ ! -f "$home/data/meta.properties" ]; then
    kafka_tool kafka.tools.StorageTool format -t "$(kafka_tool kafka.tools.StorageTool random-uuid)" -c "$home/server.properties" > "$home/logs/format.log"
  fi
  java_command 512m "$home/logs"
  nohup "${java_args[@]}" kafka.Kafka "$home/server.properties" > "$home/logs/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  local deadline=$((SECONDS + 90))
  until answers; do
    if ! running; then echo "kafka: the broker exited; see $home/logs" >&2; tail -20 "$home/logs/stdout.log" >&2; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then echo "kafka: no answer on 127.0.0.1:$port after 90 s" >&2; exit 1; fi
    sleep 0.5
  done
  # An open port is not a working broker: wait for a real Kafka request (ApiVersions) to succeed.
  until kafka_tool kafka.admin.BrokerApiVersionsCommand --bootstrap-server "127.0.0.1:$port" > /dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then echo "kafka: the broker does not answer Kafka requests after 90 s" >&2; exit 1; fi
    sleep 0.5
  done
  # The SCRAM user of the SASL listener (idempotent: setting the same password again is harmless).
  # One mechanism a request: the broker refuses two changes of one user's credentials in one.
  for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
    kafka_tool kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" --alter --entity-type users --entity-name "$sasl_user" \
      --add-config "$mechanism=[password=$sasl_password]" > "$home/logs/scram.log" 2>&1 \
      || { echo "kafka: could not create the SCRAM user; see $home/logs/scram.log" >&2; exit 1; }
  done
  echo "kafka: broker up on 127.0.0.1:$port, SASL/SCRAM on 127.0.0.1:$sasl_port, TLS with SASL/SCRAM on 127.0.0.1:$tls_port (CA $tls_dir/ca.pem; pid $(cat "$pidfile"), logs in $home/logs)"
}

stop() {
  if ! running; then echo "kafka: no local broker running"; rm -f "$pidfile"; return; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$pidfile"
  echo "kafka: broker stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if answers; then echo "kafka: up on 127.0.0.1:$port"; else echo "kafka: down"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
