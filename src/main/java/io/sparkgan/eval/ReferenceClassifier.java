package io.sparkgan.eval;

import io.sparkgan.data.ImageSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A trained reference classifier (built by {@link ClassifierTrainer}, kept by {@link ClassifierCache}): a small
 * CNN whose penultimate layer gives the features [N, F] (F = 128) the Frechet distance and precision/recall
 * are computed in, and whose softmax gives p(y|x) [N, K] over the K classes of the training labels.
 * Images go in as the generator emits them: [N, C, H, W] in [-1, 1].
 */
public final class ReferenceClassifier {
    /** Rows per forward pass. */
    static final int BATCH = 500;
    private final MultiLayerNetwork network;
    private final int[] classes;
    private final long[] imageShape;

    /** @param classes label value of each output index, ascending */
    public ReferenceClassifier(MultiLayerNetwork network, int[] classes, long[] imageShape) {
        this.network = network;
        this.classes = classes.clone();
        this.imageShape = imageShape.clone();
    }

    /** Features (penultimate layer) and class probabilities of a set of images. */
    public record Outputs(FeatureMatrix features, FeatureMatrix probabilities) {
        public int[] predictedIndices() {
            return probabilities.argmaxPerRow();
        }
    }

    /**
     * {@link #embed(ImageSamples)} on the executors of the Spark context running in this JVM when there is one
     * and the set has at least {@code sparkMinRows} images, else in this JVM.
     */
    public Outputs embed(ImageSamples images, int sparkMinRows) {
        org.apache.spark.SparkContext active = org.apache.spark.SparkContext$.MODULE$.getActive().getOrElse(() -> null);
        if (active == null || images.size() < sparkMinRows) {
            return embed(images);
        }
        checkShape(images);
        return SparkEmbedding.embed(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(active), this, images);
    }

    private void checkShape(ImageSamples images) {
        if (!Arrays.equals(images.imageShape(), imageShape)) {
            throw new IllegalArgumentException("images of shape " + Arrays.toString(images.imageShape())
                    + " [C, H, W] given to a reference classifier trained on " + Arrays.toString(imageShape));
        }
    }

    /** Features and probabilities computed in this JVM, {@link #BATCH} images per forward pass. */
    public Outputs embed(ImageSamples images) {
        checkShape(images);
        int n = images.size();
        int f = featureDim();
        int k = classes.length;
        double[] features = new double[n * f];
        double[] probabilities = new double[n * k];
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            // feedForward: [input, layer 0 out, ..., layer L-1 out]; the feature layer is the one before the softmax.
            List<INDArray> acts = network.feedForward(images.batch(from, count), false);
            System.arraycopy(FeatureMatrix.of(acts.get(acts.size() - 2)).values(), 0, features, from * f, count * f);
            System.arraycopy(FeatureMatrix.of(acts.get(acts.size() - 1)).values(), 0, probabilities, from * k, count * k);
        }
        return new Outputs(new FeatureMatrix(n, f, features), new FeatureMatrix(n, k, probabilities));
    }

    /** Share of {@code set}'s images whose predicted class is their label (a label outside the classes counts wrong). */
    public double accuracy(ImageSet set) {
        int[] labels = set.labels().orElseThrow(() -> new IllegalArgumentException("accuracy needs labelled images"));
        int[] all = new int[set.size()];
        Arrays.setAll(all, i -> i);
        return accuracy(embed(ImageSamples.of(set, all)), labels);
    }

    /** Share of rows whose predicted class is {@code labels[i]}. */
    public double accuracy(Outputs outputs, int[] labels) {
        int[] predicted = outputs.predictedIndices();
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += classes[predicted[i]] == labels[i] ? 1 : 0;
        }
        return predicted.length == 0 ? 0 : (double) right / predicted.length;
    }

    /** Output index of a label value, if it is one of the classes. */
    public Optional<Integer> indexOf(int label) {
        int i = Arrays.binarySearch(classes, label);
        return i >= 0 ? Optional.of(i) : Optional.empty();
    }

    public int[] classes() {
        return classes.clone();
    }

    public long[] imageShape() {
        return imageShape.clone();
    }

    public int featureDim() {
        return (int) network.layerInputSize(network.getnLayers() - 1);
    }

    public MultiLayerNetwork network() {
        return network;
    }
}
