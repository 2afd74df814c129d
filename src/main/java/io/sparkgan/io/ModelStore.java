package io.sparkgan.io;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** DL4J model files (ModelSerializer zips: configuration JSON, parameters, optionally the updater state). */
public final class ModelStore {
    private ModelStore() {
    }

    /** Writes {@code net} to a temporary name and renames it into place. */
    public static void save(MultiLayerNetwork net, Path zip, boolean withUpdater) {
        Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
        try {
            ModelSerializer.writeModel(net, tmp.toFile(), withUpdater);
            Files.move(tmp, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + zip.toAbsolutePath() + ": " + e, e);
        }
    }

    /** Reads a model file, after refusing any zip entry that DL4J would read with Java deserialisation. */
    public static MultiLayerNetwork load(Path zip, boolean withUpdater) {
        if (!Files.isRegularFile(zip)) {
            throw new UncheckedIOException(new IOException("model file not found: " + zip.toAbsolutePath()));
        }
        try {
            byte[] bytes = Files.readAllBytes(zip);
            SafeModelBytes.check(bytes, zip.toAbsolutePath().toString());
            return ModelSerializer.restoreMultiLayerNetwork(new java.io.ByteArrayInputStream(bytes), withUpdater);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read DL4J model " + zip.toAbsolutePath() + ": " + e, e));
        }
    }
}
