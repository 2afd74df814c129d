#!/usr/bin/env bash
# Submits a training job with spark-submit: jobs/submit.sh CONFIG [key=value ...] [--out DIR] [--dry-run]
# Spark properties (master, executors, memory, Kryo, JavaCPP limits) come from one file:
#   SPARK_GAN_PROPERTIES (default conf/spark/default.properties); with a running jobs/local-cluster.sh its
#   client.properties (master URL and authentication) is added on top.
# spark-submit is $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, else Spark's SparkSubmit class from
# the Maven-resolved jars (no Spark download needed; client mode only). The secret for spark.authenticate is read
# from SPARK_GAN_SECRET_FILE, or from the local cluster's generated secret, into a private temporary copy of the
# properties (spark-submit reads it in-process; the secret never appears on a command line), removed when
# spark-submit exits (so it is run as a child, not exec'd).
# YARN in cluster mode (SPARK_GAN_PROPERTIES=conf/spark/yarn.properties, or any properties with spark.master=yarn and
# spark.submit.deployMode=cluster): the driver runs in a YARN container, so CONFIG is shipped with --files and the
# driver is given its base name; HADOOP_CONF_DIR names the cluster, SPARK_HOME the Spark installation to submit
# with, and --out/--resume must name a directory the driver's node can write. YarnClusterModeTest runs this script
# so against a MiniYARNCluster. SPARK_GAN_JAR submits another application jar than target/spark-gan-cluster.jar
# (and builds nothing).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/jobs/java-flags.sh"
JAVA_CLASS="io.sparkgan.cli.TrainCommand"
APPLICATION="target/spark-gan-cluster.jar"
PROPERTIES_FILE="conf/spark/default.properties"
YARN_PROPERTIES_FILE="conf/spark/yarn.properties"
cluster="${SPARK_GAN_CLUSTER_DIR:-$root/target/local-cluster}"
properties="${SPARK_GAN_PROPERTIES:-$root/$PROPERTIES_FILE}"
# A key's value in a properties file (the last line of a key wins, as spark-submit reads it).
property_in() { sed -n "s/^[[:space:]]*$1[[:space:]]*[=:[:space:]][[:space:]]*//p" "$2" | tail -n 1; }
master="$(property_in 'spark\.master' "$properties")"
yarn_cluster=""
if [ "$master" = yarn ] && [ "$(property_in 'spark\.submit\.deployMode' "$properties")" = cluster ]; then
  yarn_cluster=1
fi
if [ -n "${SPARK_GAN_JAR:-}" ]; then
  jar="$SPARK_GAN_JAR"
else
  jar="$root/$APPLICATION"
  if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "building $APPLICATION ..." >&2
    (cd "$root" && mvn -B -q -DskipTests package >&2)
  fi
fi
merged="$(mktemp)"
trap 'rm -f "$merged"' EXIT
cat "$properties" > "$merged"
# A running jobs/local-cluster.sh names its master and secret; on YARN, YARN is the cluster and Spark generates the
# secret itself.
if [ "$master" != yarn ]; then
  if [ -f "$cluster/client.properties" ] && [ -f "$cluster/master.pid" ] && kill -0 "$(cat "$cluster/master.pid")" 2>/dev/null; then
    cat "$cluster/client.properties" >> "$merged"
  fi
  secret_file="${SPARK_GAN_SECRET_FILE:-$cluster/secret}"
  if [ -f "$secret_file" ]; then
    # In the merged properties file (mode 600, deleted on exit), never on a command line.
    echo "spark.authenticate.secret=$(cat "$secret_file")" >> "$merged"
  fi
fi
# The driver logs as jobs/train.sh does (conf/spark/log4j2.properties: warnings only; Spark's INFO lines with
# SPARK_GAN_LOG_LEVEL=info). Executors log to their worker's files as before. A driver in a YARN container logs
# as Spark's defaults say, to its container's stderr (this checkout's path does not exist there).
driver_options="$(property_in 'spark\.driver\.extraJavaOptions' "$merged")"
if [ -z "$yarn_cluster" ]; then
  case "$driver_options" in
    *log4j2.configurationFile*) ;;
    *) echo "spark.driver.extraJavaOptions=$driver_options -Dlog4j2.configurationFile=$root/conf/spark/log4j2.properties${SPARK_GAN_LOG_LEVEL:+ -Dspark-gan.log.level=$SPARK_GAN_LOG_LEVEL}" >> "$merged" ;;
  esac
fi
submit_options=(--properties-file "$merged")
if [ -n "$yarn_cluster" ] && [ $# -gt 0 ] && [ -f "$1" ]; then
  # The container's working directory holds the files of --files: the driver reads CONFIG by its base name.
  config="$1"
  shift
  set -- "$(basename "$config")" "$@"
  submit_options+=(--files "$config")
fi
if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  "$SPARK_HOME/bin/spark-submit" "${submit_options[@]}" --class "$JAVA_CLASS" "$jar" "$@"
  exit
fi
if [ "$master" = yarn ]; then
  echo "error: submitting to YARN ($properties) needs a Spark installation with YARN support: set SPARK_HOME (and HADOOP_CONF_DIR); see $YARN_PROPERTIES_FILE" >&2
  exit 1
fi
"$root/jobs/build.sh"
export SPARK_SCALA_VERSION=2.12
# Without $SPARK_HOME no launcher script reads the properties for the JVM that runs SparkSubmit. In client mode
# (the only one here) that JVM is the driver, so give it spark.driver.memory and spark.driver.extraJavaOptions
# as bin/spark-submit would (the last line of a key wins, as in the merged file).
property() { property_in "$1" "$merged"; }
driver_memory="$(property 'spark\.driver\.memory')"
# shellcheck disable=SC2046 # the options are a space-separated list, as Spark splits them
java -Xmx"${driver_memory:-1g}" $(property 'spark\.driver\.extraJavaOptions') $ND4J_OPTS $JAVA17_OPENS \
  -cp "$(cat "$root/target/classpath.txt")" org.apache.spark.deploy.SparkSubmit \
  "${submit_options[@]}" --class "$JAVA_CLASS" "$jar" "$@"
