#!/usr/bin/env bash
# Runs a main class of the project in a local JVM, building the project first when the sources are newer
# than the build. Usage: jobs/launch.sh MAIN_CLASS [args...]   (JAVA_OPTS adds JVM options, e.g. -Xmx8g)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/jobs/java-flags.sh"
main="$1"; shift
case "$main" in
  # the tools' source set (src/tools/java), built beside the tests: never in the product jar
  io.sparkgan.bench.*|io.sparkgan.lab.*)
    classes="$root/target/classes:$root/target/test-classes"
    cp_file="$root/target/tools-classpath.txt"
    "$root/jobs/build.sh" --tools ;;
  *)
    classes="$root/target/classes"
    cp_file="$root/target/classpath.txt"
    "$root/jobs/build.sh" ;;
esac
# ParallelGC: ND4J allocates many short-lived objects per op, and G1 spent about a third of an MLP training
# step collecting them (measured with perf on ring8). A small young generation (64 MB): the off-heap buffers
# of dead INDArrays are freed only when the GC finds their small Java objects, so a large young generation let
# a dcgan28 run's resident memory grow by about 50 MB/s (11 GB in 4 minutes with -Xmn1g, 5.3 GB with 128m;
# flat at 1.3 GB with 64m, at the same speed).
DEFAULT_JAVA_OPTS="-Xmx6g -XX:+UseParallelGC -Xmn64m -Dorg.bytedeco.javacpp.maxphysicalbytes=0"
LOG_OPTS="-Dlog4j2.configurationFile=$root/conf/spark/log4j2.properties${SPARK_GAN_LOG_LEVEL:+ -Dspark-gan.log.level=$SPARK_GAN_LOG_LEVEL}"
exec java $LOG_OPTS ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} $ND4J_OPTS $JAVA17_OPENS -cp "$classes:$(cat "$cp_file")" "$main" "$@"
