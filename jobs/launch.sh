#!/usr/bin/env bash
# Runs a main class of the project in a local JVM, building the project first when the sources are newer
# than the build. Usage: jobs/launch.sh MAIN_CLASS [args...]   (JAVA_OPTS adds JVM options, e.g. -Xmx8g)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/jobs/java-flags.sh"
classes="$root/target/classes"
cp_file="$root/target/classpath.txt"
"$root/jobs/build.sh"
# ParallelGC with a large young generation: ND4J allocates many short-lived objects per op, and G1 spent
# about a third of an MLP training step collecting them (measured with perf on ring8).
DEFAULT_JAVA_OPTS="-Xmx6g -XX:+UseParallelGC -Xmn1g -Dorg.bytedeco.javacpp.maxphysicalbytes=0"
LOG_OPTS="-Dlog4j2.configurationFile=$root/conf/spark/log4j2.properties"
main="$1"; shift
exec java $LOG_OPTS ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} $JAVA17_OPENS -cp "$classes:$(cat "$cp_file")" "$main" "$@"
