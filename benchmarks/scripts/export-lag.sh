#!/usr/bin/env bash
# The exporter's figures on this host: a KRaft broker and a PostgreSQL cluster started here, `engine serve` with both
# sinks, open-loop load from `engine loadgen` in its own process, then the exporter's metrics from /metrics.
#
#   benchmarks/scripts/export-lag.sh [RATE] [SECONDS]      (default 5000 decisions a second for 60 s)
#
# Needs the project built (mvn install -DskipTests), Debian's postgresql package, and root (PostgreSQL runs as the
# postgres user). Everything it starts is stopped at the end; its files stay in the directory it prints.
set -euo pipefail
rate="${1:-5000}"
seconds="${2:-60}"
home="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/hotpath-export-lag-XXXXXX)"
chmod 755 "$work"
echo "export-lag: files in $work"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${pg_bin:-}" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pgdata" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Kafka, from the test class path of engine-cli (the Kafka artifacts on Maven Central).
(cd "$home" && mvn -B -o -q dependency:build-classpath -pl engine-cli -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt")
cp="$(cat "$work/cp.txt")"
kafka_port=$(port); controller_port=$(port)
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$work/kafka-data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
java -cp "$cp" kafka.tools.StorageTool format -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" \
  -c "$work/server.properties" --standalone > "$work/format.log" 2>&1
java -Xmx512m -cp "$cp" kafka.Kafka "$work/server.properties" > "$work/broker.log" 2>&1 &
pids+=($!)

# PostgreSQL, from Debian's binaries, as the postgres user.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
pg_port=$(port)
chown postgres:postgres "$work"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pgdata" -U hotpath --auth=trust -E UTF8 --no-sync > "$work/initdb.log"
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pgdata" -l "$work/postgres.log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pgdata" start > /dev/null
runuser -u postgres -- "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U hotpath -d postgres -qc "CREATE DATABASE hotpath"

for _ in $(seq 120); do (echo > /dev/tcp/127.0.0.1/$kafka_port) 2>/dev/null && break; sleep 1; done

cat > "$work/export.conf" <<CONF
hotpath.export {
  enabled = true
  kafka { enabled = true, bootstrap-servers = "127.0.0.1:$kafka_port", replication-factor = 1 }
  postgres { enabled = true, url = "jdbc:postgresql://127.0.0.1:$pg_port/hotpath", user = "hotpath", password = "" }
}
CONF
echo "hotpath.export.enabled = false" > "$work/off.conf"

# The same load twice, one engine after the other, each on a journal of its own: the exporter off, then on.
for mode in off export; do
  grpc=$(port); binary=$(port); admin=$(port)
  "$home/engine" serve --config "$work/$mode.conf" --port "$grpc" --binary-port "$binary" --admin-port "$admin" \
    --journal "$work/journal-$mode" > "$work/engine-$mode.log" 2>&1 &
  engine=$!
  pids+=("$engine")
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$admin/health/ready" > /dev/null && break; sleep 1; done
  echo "export-lag: exporter $mode: $(curl -s "http://127.0.0.1:$admin/health/ready")"
  (cd "$work" && "$home/engine" loadgen --connect "127.0.0.1:$grpc" --binary-port "$binary" --protocol binary --rate "$rate" \
    --duration "$seconds" --warm-up 10 --mix decide=100 | tee "$work/loadgen-$mode.log" | grep -E "sustained|^ +all")
  sleep 5
  curl -s "http://127.0.0.1:$admin/metrics" > "$work/metrics-$mode.txt"
  kill "$engine"; wait "$engine" || true
done
grep -E '^hotpath_export_(commit_lag_seconds|lag_entries|failures_total)' "$work/metrics-export.txt" | sort
