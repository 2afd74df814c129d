package io.sparkgan.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Guards DL4J model files before ModelSerializer reads them. ModelSerializer reads a zip entry
 * "preprocessor.bin", when present, with Java deserialisation (ObjectInputStream.readObject), which runs
 * code chosen by whoever wrote the file. Our files hold only the entries below (JSON and ND4J arrays);
 * any other entry is refused before DL4J sees the file.
 */
public final class SafeModelBytes {
    /**
     * configuration.json (Jackson), coefficients.bin and updaterState.bin (ND4J arrays), noParams.bin (marker), and
     * spark-gan's own classes.json (a conditional generator's class names, read with Jackson; DL4J ignores it).
     */
    static final Set<String> ALLOWED = Set.of("configuration.json", "coefficients.bin", "updaterState.bin",
            "noParams.bin", ModelStore.CLASSES_ENTRY);

    private SafeModelBytes() {
    }

    /** Throws IOException naming {@code where} and the first entry that is not allowed. */
    public static void check(byte[] zip, String where) throws IOException {
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries++;
                if (!ALLOWED.contains(e.getName())) {
                    throw new IOException("model file " + where + " holds the entry '" + e.getName()
                            + "', which DL4J would read with Java deserialisation; only " + ALLOWED + " are accepted");
                }
            }
        }
        if (entries == 0) {
            throw new IOException("model file " + where + " is not a DL4J model zip (no zip entries)");
        }
    }
}
