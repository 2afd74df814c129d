#!/usr/bin/env bash
# Compiles the project and writes its runtime classpath (Spark included) to target/classpath.txt when the
# sources are newer than the last build. jobs/launch.sh and jobs/local-cluster.sh call it.
#   jobs/build.sh           the product (src/main/java)
#   jobs/build.sh --tools   also the tools (src/tools/java: jobs/bench.sh, jobs/lab.sh), compiled with the test
#                           sources and their test-scoped libraries into target/test-classes, with their classpath
#                           in target/tools-classpath.txt; the product jar never holds them
# SPARK_GAN_BUILD_ARGS adds Maven arguments, e.g. -Pgeneric-cpu for nd4j-native's generic natives instead of
# the default onednn-avx2 ones; a change of them rebuilds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
args="${SPARK_GAN_BUILD_ARGS:-}"
if [ "${1:-}" = "--tools" ]; then
  stamp="$root/target/.built-tools"
  sources=("$root/src/main" "$root/src/tools" "$root/pom.xml")
  goals=(test-compile dependency:build-classpath -Dmdep.includeScope=test
         -Dmdep.outputFile="$root/target/tools-classpath.txt")
else
  stamp="$root/target/.built"
  sources=("$root/src/main" "$root/pom.xml")
  goals=(compile dependency:build-classpath -Dmdep.includeScope=compile
         -Dmdep.outputFile="$root/target/classpath.txt")
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$args" ] \
   || [ -n "$(find "${sources[@]}" -newer "$stamp" -print -quit)" ]; then
  echo "building spark-gan (first use or sources changed)..." >&2
  (cd "$root" && mvn -B -q $args -DskipTests "${goals[@]}" >&2)
  printf '%s' "$args" > "$stamp"
fi
