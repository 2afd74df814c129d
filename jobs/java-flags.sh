# Sourced by the jobs/ scripts: the JVM flags Spark needs on Java 17 outside spark-submit (DESIGN §2).
JAVA17_OPENS="-XX:+IgnoreUnrecognizedVMOptions"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
         java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
         sun.security.action sun.util.calendar; do
  JAVA17_OPENS="$JAVA17_OPENS --add-opens=java.base/$p=ALL-UNNAMED"
done
JAVA17_OPENS="$JAVA17_OPENS --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
# Every JVM that runs ND4J ops on several threads (local[N], the Spark driver and executors) needs these: they
# keep ND4J M2.1's broadcast ops reachable during their native call, or a garbage collection started by another
# thread lets ND4J free a buffer the call still reads (SIGSEGV in sd::DataBuffer::primary). The same list as
# Nd4jJvmFlags (package train), conf/spark/*.properties and the pom's Surefire argLine (a test checks).
ND4J_OPTS="-XX:CompileCommand=quiet -XX:CompileCommand=exclude,org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner::exec(Lorg/nd4j/linalg/api/ops/BroadcastOp;Lorg/nd4j/linalg/api/ops/OpContext;)Lorg/nd4j/linalg/api/ndarray/INDArray; -XX:CompileCommand=exclude,org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner::invokeScalarAlongDimension"
