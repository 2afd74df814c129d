package io.sparkgan.io;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import io.sparkgan.data.ClassList;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.util.Optional;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** DL4J model files (ModelSerializer zips: configuration JSON, parameters, optionally the updater state). */
public final class ModelStore {
    /** The zip entry of a conditional generator's class names (a JSON array, as the run's classes.json). */
    public static final String CLASSES_ENTRY = "classes.json";

    private ModelStore() {
    }

    /** Adds the class names of a conditional generator to its model file, so the file alone knows its classes. */
    public static void addClasses(Path zip, ClassList classes) {
        try (FileSystem fs = FileSystems.newFileSystem(zip)) {
            Files.writeString(fs.getPath(CLASSES_ENTRY), classes.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the class list to model " + zip.toAbsolutePath() + ": " + e, e);
        }
    }

    /** The class names stored in a model file; empty for an unconditional generator or an older file. */
    public static Optional<ClassList> classes(Path zip) {
        try (FileSystem fs = FileSystems.newFileSystem(zip)) {
            Path entry = fs.getPath(CLASSES_ENTRY);
            if (!Files.exists(entry)) {
                return Optional.empty();
            }
            return Optional.of(ClassList.parse(Files.readString(entry), zip + "!/" + CLASSES_ENTRY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + zip.toAbsolutePath() + ": " + e, e);
        }
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

    /** A model from the bytes of a model file (e.g. broadcast to executors), checked as {@link #load} checks files. */
    public static MultiLayerNetwork loadBytes(byte[] bytes, String what) {
        try {
            SafeModelBytes.check(bytes, what);
            return ModelSerializer.restoreMultiLayerNetwork(new java.io.ByteArrayInputStream(bytes), false);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read DL4J model " + what + ": " + e, e));
        }
    }

    /** The class names inside the bytes of a model file, or null when it has none. */
    public static ClassList classesOf(byte[] bytes) {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(CLASSES_ENTRY)) {
                    return ClassList.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                            "a model's " + CLASSES_ENTRY);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a model's entries: " + e.getMessage(), e);
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
