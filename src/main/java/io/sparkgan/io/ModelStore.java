package io.sparkgan.io;

import io.sparkgan.data.ClassList;
import io.sparkgan.platform.Location;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * DL4J model files (ModelSerializer zips: configuration JSON, parameters, optionally the updater state) on any
 * Hadoop file system ({@link Location}).
 */
public final class ModelStore {
    /** The zip entry of a conditional generator's class names (a JSON array, as the run's classes.json). */
    public static final String CLASSES_ENTRY = "classes.json";

    private ModelStore() {
    }

    /** Adds the class names of a conditional generator to its model file, so the file alone knows its classes. */
    public static void addClasses(Location zip, ClassList classes) {
        zip.write(withClasses(zip.readAllBytes(), classes, zip.toString()));
    }

    /** A model file's bytes with {@link #CLASSES_ENTRY} set to {@code classes} (replacing one it had). */
    private static byte[] withClasses(byte[] model, ClassList classes, String what) {
        ByteArrayOutputStream after = new ByteArrayOutputStream(model.length + 256);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(model));
             ZipOutputStream out = new ZipOutputStream(after)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.getName().equals(CLASSES_ENTRY)) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            out.putNextEntry(new ZipEntry(CLASSES_ENTRY));
            out.write(classes.toJson().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the class list to model " + what + ": " + e, e);
        }
        return after.toByteArray();
    }

    /** The class names stored in a model file; empty for an unconditional generator or an older file. */
    public static Optional<ClassList> classes(Location zip) {
        return Optional.ofNullable(classesOf(zip.readAllBytes()));
    }

    /** Writes {@code net} atomically where the file system allows it ({@link Location#write}). */
    public static void save(MultiLayerNetwork net, Location zip, boolean withUpdater) {
        zip.write(out -> ModelSerializer.writeModel(net, out, withUpdater));
    }

    /** As {@link #save(MultiLayerNetwork, Location, boolean)}, with a conditional generator's class names inside. */
    public static void save(MultiLayerNetwork net, Location zip, boolean withUpdater, ClassList classes) {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, model, withUpdater);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + zip + ": " + e, e);
        }
        zip.write(withClasses(model.toByteArray(), classes, zip.toString()));
    }

    /** A local model file (the classifier cache). */
    public static void save(MultiLayerNetwork net, java.nio.file.Path zip, boolean withUpdater) {
        save(net, Location.local(zip), withUpdater);
    }

    /** A model from the bytes of a model file (e.g. broadcast to executors), checked as {@link #load} checks files. */
    public static MultiLayerNetwork loadBytes(byte[] bytes, String what) {
        try {
            SafeModelBytes.check(bytes, what);
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read DL4J model " + what + ": " + e, e));
        }
    }

    /** The class names inside the bytes of a model file, or null when it has none. */
    public static ClassList classesOf(byte[] bytes) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(CLASSES_ENTRY)) {
                    return ClassList.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            "a model's " + CLASSES_ENTRY);
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a model's entries: " + e.getMessage(), e);
        }
    }

    /** Reads a model file, after refusing any zip entry that DL4J would read with Java deserialisation. */
    public static MultiLayerNetwork load(Location zip, boolean withUpdater) {
        if (!zip.isFile()) {
            throw new UncheckedIOException(new IOException("model file not found: " + zip));
        }
        try {
            byte[] bytes = zip.readAllBytes();
            SafeModelBytes.check(bytes, zip.toString());
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), withUpdater);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read DL4J model " + zip + ": " + e, e));
        }
    }

    /** A local model file (the classifier cache). */
    public static MultiLayerNetwork load(java.nio.file.Path zip, boolean withUpdater) {
        return load(Location.local(zip), withUpdater);
    }
}
