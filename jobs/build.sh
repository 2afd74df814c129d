#!/usr/bin/env bash
# Compiles the project and writes its runtime classpath (Spark included) to target/classpath.txt when the
# sources are newer than the last build. jobs/launch.sh and jobs/local-cluster.sh call it.
# SPARK_GAN_BUILD_ARGS adds Maven arguments, e.g. -Pgeneric-cpu for nd4j-native's generic natives instead of
# the default onednn-avx2 ones; a change of them rebuilds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stamp="$root/target/.built"
args="${SPARK_GAN_BUILD_ARGS:-}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$args" ] \
   || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$stamp" -print -quit)" ]; then
  echo "building spark-gan (first use or sources changed)..." >&2
  (cd "$root" && mvn -B -q $args -DskipTests compile dependency:build-classpath -Dmdep.includeScope=compile \
     -Dmdep.outputFile="$root/target/classpath.txt" >&2)
  printf '%s' "$args" > "$stamp"
fi
