package io.sparkgan.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Guards DL4J model files before ModelSerializer reads them. ModelSerializer reads a zip entry
 * "preprocessor.bin", when present, with Java deserialisation (ObjectInputStream.readObject), which runs
 * code chosen by whoever wrote the file. Our files hold only the entries below (JSON and ND4J arrays);
 * any other entry is refused before DL4J sees the file.
 *
 * <p>A zip names its entries twice: in a local header before each entry's data, and in the central directory at
 * the end. DL4J 1.0.0-M2.1's restoreMultiLayerNetwork(InputStream) reads the local headers in order
 * (ModelSerializer.loadZipData, a ZipInputStream); java.util.zip.ZipFile, unzip and other readers (DL4J's own
 * addNormalizerToModel among them) go by the central directory. A file whose two lists differ shows one reader
 * an entry that the other does not see, so both lists are read, each entry of either must be allowed, and the
 * two must name the same entries in the same order.
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

    /** Throws IOException naming {@code where} and the first entry that is not allowed, or where the lists differ. */
    public static void check(byte[] zip, String where) throws IOException {
        List<String> local = localHeaders(zip);
        if (local.isEmpty()) {
            throw new IOException("model file " + where + " is not a DL4J model zip (no zip entries)");
        }
        refuseUnknown(local, where, "");
        List<String> central = centralDirectory(zip, where);
        refuseUnknown(central, where, " (named in its central directory only)");
        if (!central.equals(local)) {
            throw new IOException("model file " + where + " names the entries " + local + " in its local headers but "
                    + central + " in its central directory; a zip whose readers see different entries is refused");
        }
    }

    private static void refuseUnknown(List<String> names, String where, String how) throws IOException {
        for (String name : names) {
            if (!ALLOWED.contains(name)) {
                throw new IOException("model file " + where + " holds the entry '" + name + "'" + how + ", which DL4J "
                        + "would read with Java deserialisation; only " + ALLOWED + " are accepted");
            }
        }
    }

    /** The entries as a ZipInputStream (DL4J M2.1's reader) finds them, local header after local header. */
    private static List<String> localHeaders(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    /**
     * The entries as java.util.zip.ZipFile lists them from the central directory. ZipFile reads files only, so the
     * bytes go to a temporary file of this user's (mode 600), deleted at once.
     */
    private static List<String> centralDirectory(byte[] zip, String where) throws IOException {
        Path file = Files.createTempFile("spark-gan-model-", ".zip");
        try {
            Files.write(file, zip);
            try (ZipFile z = new ZipFile(file.toFile())) {
                return Collections.list(z.entries()).stream().map(ZipEntry::getName).toList();
            } catch (java.util.zip.ZipException e) {
                throw new IOException("model file " + where + " has no readable zip central directory: "
                        + e.getMessage(), e);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
