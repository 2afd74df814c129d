package io.sparkgan.bench;

import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Which nd4j-native build this JVM loaded (the JavaCPP cache path of libnd4jcpu names its jar, e.g.
 * nd4j-native-1.0.0-M2.1-linux-x86_64-onednn-avx2.jar) and the BLAS vendor ND4J reports.
 */
final class NativeBuild {
    private NativeBuild() {
    }

    static String describe() {
        Nd4j.create(1); // loads the backend
        String library = "(not found)";
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().contains("nd4jcpu") || e.getValue().contains("libnd4jcpu")) {
                library = e.getValue();
                break;
            }
        }
        Object blas = Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor");
        return library + " (BLAS " + blas + ")";
    }
}
