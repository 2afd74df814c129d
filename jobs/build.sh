#!/usr/bin/env bash
# Compiles the project and writes its runtime classpath (Spark included) to target/classpath.txt when the
# sources are newer than the last build. jobs/launch.sh and jobs/local-cluster.sh call it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stamp="$root/target/.built"
if [ ! -f "$stamp" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$stamp" -print -quit)" ]; then
  echo "building spark-gan (first use or sources changed)..." >&2
  (cd "$root" && mvn -B -q -DskipTests compile dependency:build-classpath -Dmdep.includeScope=compile \
     -Dmdep.outputFile="$root/target/classpath.txt" >&2)
  touch "$stamp"
fi
