#!/usr/bin/env bash
# Runs a main class of the project in a local JVM, building the project first when the sources are newer
# than the build. Usage: jobs/launch.sh MAIN_CLASS [args...]   (JAVA_OPTS adds JVM options, e.g. -Xmx8g)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/jobs/java-flags.sh"
classes="$root/target/classes"
cp_file="$root/target/classpath.txt"
stamp="$root/target/.built"
if [ ! -f "$stamp" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$stamp" -print -quit)" ]; then
  echo "building spark-gan (first use or sources changed)..." >&2
  (cd "$root" && mvn -B -q -DskipTests compile dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2)
  touch "$stamp"
fi
main="$1"; shift
exec java ${JAVA_OPTS:--Xmx6g} $JAVA17_OPENS -cp "$classes:$(cat "$cp_file")" "$main" "$@"
