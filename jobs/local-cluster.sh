#!/usr/bin/env bash
# A standalone Spark cluster on this machine: one master and N workers, each a separate JVM, bound to
# 127.0.0.1, started from the Maven-resolved Spark jars (no Spark download), with spark.authenticate on, a
# freshly generated secret, and spark.network.crypto.enabled on (AES encryption of RPC and block transfers
# between the daemons, the driver and the executors).
#   jobs/local-cluster.sh start [WORKERS] [CORES_PER_WORKER] [MEMORY_PER_WORKER]   (default 2 1 3g)
#   jobs/local-cluster.sh stop
#   jobs/local-cluster.sh status
# Environment: SPARK_GAN_CLUSTER_DIR (state, default target/local-cluster), SPARK_GAN_MASTER_PORT (7077),
# SPARK_GAN_BIND_HOST (127.0.0.1; set it only to serve other machines, on a network you trust).
# Clients: jobs/submit.sh uses $SPARK_GAN_CLUSTER_DIR/client.properties (master URL, authentication) and the
# secret file when they exist; tests read the same files.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/jobs/java-flags.sh"
state="${SPARK_GAN_CLUSTER_DIR:-$root/target/local-cluster}"
port="${SPARK_GAN_MASTER_PORT:-7077}"
host="${SPARK_GAN_BIND_HOST:-127.0.0.1}"

stop() {
  for pidfile in "$state"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      pkill -TERM -P "$pid" 2>/dev/null || true   # the worker's executor JVMs
      kill -TERM "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start)
    workers="${2:-2}"; cores="${3:-1}"; memory="${4:-3g}"
    stop
    # The classpath (Spark included) and the project's classes as jars in a SPARK_HOME the daemons accept.
    "$root/jobs/build.sh" >&2
    mkdir -p "$state/spark-home/jars" "$state/logs" "$state/work"
    rm -f "$state/spark-home/jars/"*
    tr ':' '\n' < "$root/target/classpath.txt" | while read -r jar; do
      [ -n "$jar" ] && ln -sf "$jar" "$state/spark-home/jars/"
    done
    (cd "$root/target/classes" && jar cf "$state/spark-home/jars/spark-gan-classes.jar" .)
    umask 077
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$state/secret"
    cat > "$state/daemon.properties" <<PROPS
spark.authenticate=true
spark.network.crypto.enabled=true
spark.master.rest.enabled=false
spark.ui.reverseProxy=false
spark.worker.cleanup.enabled=true
PROPS
    cat > "$state/client.properties" <<PROPS
spark.master=spark://$host:$port
spark.authenticate=true
spark.network.crypto.enabled=true
spark.driver.host=$host
spark.driver.bindAddress=$host
PROPS
    export SPARK_HOME="$state/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP="$host"
    export _SPARK_AUTH_SECRET="$(cat "$state/secret")"
    cp="$state/spark-home/jars/*"
    nohup java -Xmx512m $JAVA17_OPENS -cp "$cp" org.apache.spark.deploy.master.Master --host "$host" \
      --port "$port" --webui-port 0 --properties-file "$state/daemon.properties" > "$state/logs/master.log" 2>&1 &
    echo $! > "$state/master.pid"
    for _ in $(seq 1 60); do
      grep -q "I have been elected leader" "$state/logs/master.log" && break
      sleep 1
    done
    grep -q "I have been elected leader" "$state/logs/master.log" || { echo "master did not start; see $state/logs/master.log" >&2; stop; exit 1; }
    for i in $(seq 1 "$workers"); do
      nohup java -Xmx512m $JAVA17_OPENS -cp "$cp" org.apache.spark.deploy.worker.Worker --host "$host" \
        --webui-port 0 --cores "$cores" --memory "$memory" --work-dir "$state/work/worker-$i" \
        --properties-file "$state/daemon.properties" "spark://$host:$port" > "$state/logs/worker-$i.log" 2>&1 &
      echo $! > "$state/worker-$i.pid"
    done
    for i in $(seq 1 "$workers"); do
      for _ in $(seq 1 60); do
        grep -q "Successfully registered with master" "$state/logs/worker-$i.log" && break
        sleep 1
      done
      grep -q "Successfully registered with master" "$state/logs/worker-$i.log" || { echo "worker $i did not register; see $state/logs/worker-$i.log" >&2; stop; exit 1; }
    done
    echo "spark://$host:$port ($workers workers x $cores cores, $memory; state in $state)"
    ;;
  stop)
    stop
    ;;
  status)
    for pidfile in "$state"/*.pid; do
      [ -e "$pidfile" ] || continue
      pid="$(cat "$pidfile")"
      kill -0 "$pid" 2>/dev/null && echo "$(basename "$pidfile" .pid) running (pid $pid)" || echo "$(basename "$pidfile" .pid) dead"
    done
    ;;
  *)
    echo "usage: jobs/local-cluster.sh start [WORKERS] [CORES] [MEMORY] | stop | status" >&2
    exit 2
    ;;
esac
