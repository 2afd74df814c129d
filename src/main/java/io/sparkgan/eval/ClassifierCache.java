package io.sparkgan.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.Location;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trained reference classifiers on disk, one per data set: {@code classifier-<key>.zip} (ModelSerializer) and
 * {@code classifier-<key>.json} (its classes and how it was trained). The key is a SHA-256 digest of the
 * training split's content (shape, pixels, labels: {@link RealData#key()}), the trainer's version and its
 * settings (epochs, batch size, learning rate, seed): the same data and settings find the same file, anything
 * else trains a new one. Both files are written under a temporary name and renamed into place.
 */
public final class ClassifierCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Location dir;

    public ClassifierCache(Location dir) {
        this.dir = dir;
    }

    /** A local cache folder. */
    public ClassifierCache(Path dir) {
        this(Location.local(dir));
    }

    /**
     * evaluation.classifier-cache (any Hadoop path: a shared one on HDFS spares every cluster driver the training),
     * or ${user.home}/.cache/spark-gan/classifiers when empty.
     */
    public static ClassifierCache at(String configured) {
        return configured.isBlank()
                ? new ClassifierCache(Path.of(System.getProperty("user.home"), ".cache", "spark-gan", "classifiers"))
                : new ClassifierCache(Location.of(configured));
    }

    public Location dir() {
        return dir;
    }

    /** A classifier and the file it was read from or written to. */
    public record Entry(ReferenceClassifier classifier, Location model, boolean trainedNow) {
    }

    /** The cached classifier for this data and these settings, trained (and cached) first when there is none. */
    public Entry loadOrTrain(RealData data, ClassifierSettings configured, PrintStream log) {
        ClassifierSettings settings = configured.forTrainingImages(data.train().size());
        String key = key(data, settings);
        Location model = dir.resolve("classifier-" + key + ".zip");
        Location info = dir.resolve("classifier-" + key + ".json");
        if (model.isFile() && info.isFile()) {
            MultiLayerNetwork net = ModelStore.load(model, false);
            int[] classes = readClasses(info);
            log.println("reference classifier: " + model + " (cached)");
            return new Entry(new ReferenceClassifier(net, classes, data.train().sampleShape()), model, false);
        }
        log.printf("reference classifier: training on %d images of %s (%d epochs, minibatch %d), for %s%n",
                data.train().size(), data.trainSource(), settings.epochs(), settings.batchSize(), model);
        long start = System.nanoTime();
        ReferenceClassifier classifier = new ClassifierTrainer(settings).train(data.train(), log);
        double seconds = (System.nanoTime() - start) / 1e9;
        dir.mkdirs();
        ModelStore.save(classifier.network(), model, false);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("classes", classifier.classes());
        json.put("image_shape", classifier.imageShape());
        json.put("train_source", data.trainSource());
        json.put("train_images", data.train().size());
        json.put("epochs", settings.epochs());
        json.put("batch_size", settings.batchSize());
        json.put("learning_rate", settings.learningRate());
        json.put("seed", settings.seed());
        json.put("version", ClassifierTrainer.VERSION);
        json.put("training_seconds", seconds);
        try {
            info.write(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + info + ": " + e, e);
        }
        return new Entry(classifier, model, true);
    }

    static String key(RealData data, ClassifierSettings settings) {
        MessageDigest sha = sha256();
        StringBuilder text = new StringBuilder(ClassifierTrainer.VERSION).append('\n');
        text.append(data.key()).append('\n');
        text.append("images ").append(data.train().size()).append(" shape ")
                .append(Arrays.toString(data.train().sampleShape())).append('\n')
                .append(settings).append('\n');
        byte[] digest = sha.digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).substring(0, 24);
    }

    private static int[] readClasses(Location info) {
        try {
            JsonNode classes = JSON.readTree(info.readAllBytes()).get("classes");
            int[] out = new int[classes.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = classes.get(i).asInt();
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read the classifier's classes from " + info + ": " + e, e));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
