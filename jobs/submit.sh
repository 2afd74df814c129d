#!/usr/bin/env bash
# Submits a training job with spark-submit: jobs/submit.sh CONFIG [key=value ...] [--out DIR] [--dry-run]
# Spark properties (master, executors, memory, Kryo, JavaCPP limits) come from one file:
#   SPARK_GAN_PROPERTIES (default conf/spark/default.properties); with a running jobs/local-cluster.sh its
#   client.properties (master URL and authentication) is added on top.
# spark-submit is $SPARK_HOME/bin/spark-submit when SPARK_HOME is set, else Spark's SparkSubmit class from
# the Maven-resolved jars (no Spark download needed). The secret for spark.authenticate is read from
# SPARK_GAN_SECRET_FILE, or from the local cluster's generated secret, into a private temporary copy of the
# properties (spark-submit reads it in-process; the secret never appears on a command line), removed when
# spark-submit exits (so it is run as a child, not exec'd).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/jobs/java-flags.sh"
JAVA_CLASS="io.sparkgan.cli.TrainCommand"
APPLICATION="target/spark-gan-cluster.jar"
PROPERTIES_FILE="conf/spark/default.properties"
cluster="${SPARK_GAN_CLUSTER_DIR:-$root/target/local-cluster}"
properties="${SPARK_GAN_PROPERTIES:-$root/$PROPERTIES_FILE}"
jar="$root/$APPLICATION"
if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building $APPLICATION ..." >&2
  (cd "$root" && mvn -B -q -DskipTests package >&2)
fi
merged="$(mktemp)"
trap 'rm -f "$merged"' EXIT
cat "$properties" > "$merged"
if [ -f "$cluster/client.properties" ] && [ -f "$cluster/master.pid" ] && kill -0 "$(cat "$cluster/master.pid")" 2>/dev/null; then
  cat "$cluster/client.properties" >> "$merged"
fi
# The driver logs as jobs/train.sh does (conf/spark/log4j2.properties: warnings only; Spark's INFO lines with
# SPARK_GAN_LOG_LEVEL=info). Executors log to their worker's files as before.
driver_options="$(sed -n 's/^[[:space:]]*spark\.driver\.extraJavaOptions[[:space:]]*[=:[:space:]][[:space:]]*//p' "$merged" | tail -n 1)"
case "$driver_options" in
  *log4j2.configurationFile*) ;;
  *) echo "spark.driver.extraJavaOptions=$driver_options -Dlog4j2.configurationFile=$root/conf/spark/log4j2.properties${SPARK_GAN_LOG_LEVEL:+ -Dspark-gan.log.level=$SPARK_GAN_LOG_LEVEL}" >> "$merged" ;;
esac
secret_file="${SPARK_GAN_SECRET_FILE:-$cluster/secret}"
if [ -f "$secret_file" ]; then
  # In the merged properties file (mode 600, deleted on exit), never on a command line.
  echo "spark.authenticate.secret=$(cat "$secret_file")" >> "$merged"
fi
if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  "$SPARK_HOME/bin/spark-submit" --properties-file "$merged" --class "$JAVA_CLASS" "$jar" "$@"
  exit
fi
"$root/jobs/build.sh"
export SPARK_SCALA_VERSION=2.12
# Without $SPARK_HOME no launcher script reads the properties for the JVM that runs SparkSubmit. In client mode
# (the only one here) that JVM is the driver, so give it spark.driver.memory and spark.driver.extraJavaOptions
# as bin/spark-submit would (the last line of a key wins, as in the merged file).
property() { sed -n "s/^[[:space:]]*$1[[:space:]]*[=:[:space:]][[:space:]]*//p" "$merged" | tail -n 1; }
driver_memory="$(property 'spark\.driver\.memory')"
# shellcheck disable=SC2046 # the options are a space-separated list, as Spark splits them
java -Xmx"${driver_memory:-1g}" $(property 'spark\.driver\.extraJavaOptions') $ND4J_OPTS $JAVA17_OPENS \
  -cp "$(cat "$root/target/classpath.txt")" org.apache.spark.deploy.SparkSubmit \
  --properties-file "$merged" --class "$JAVA_CLASS" "$jar" "$@"
