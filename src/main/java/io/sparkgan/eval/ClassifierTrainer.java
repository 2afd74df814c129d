package io.sparkgan.eval;

import io.sparkgan.data.ImageSet;
import io.sparkgan.io.ProgressLine;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.model.layers.Convolution;
import io.sparkgan.model.layers.SameDiffGradients;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Trains a {@link ReferenceClassifier} on labelled real images, deterministically for a seed (weights from
 * the seed, batch order from a stream derived from it and the epoch). The network, for [C, H, W] inputs:
 * <pre>
 *   conv 3x3 same, 16, ReLU   -> [B, 16, H, W]      max-pool 2x2 -> [B, 16, H/2, W/2]
 *   conv 3x3 same, 32, ReLU   -> [B, 32, H/2, W/2]  max-pool 2x2 -> [B, 32, H/4, W/4]
 *   dense 128, ReLU           -> [B, 128]   the features
 *   dense K, softmax          -> [B, K]     p(y|x), trained with cross-entropy
 * </pre>
 * About 1.2 M multiply-adds per 28x28 image forward: cheap enough to train on the CPU in minutes. The convolutions
 * are {@link Convolution} layers over ND4J's conv2d op (oneDNN), with He's initialisation N(0, 2 / (9 C)), each with
 * its max-pool fused (v3). On DL4J's ConvolutionLayer (reference-classifier-v1) the network trained at about 400
 * images/s on 2 cores, on the op with DL4J's pooling (v2) at 1,400-1,900 with minibatches of 256, fused (v3) at
 * about 2,200 (src/site/markdown/measurements.md, "Benchmark").
 */
public final class ClassifierTrainer {
    /** Changes whenever the architecture or the training procedure does (it is part of the cache key). */
    static final String VERSION = "reference-classifier-v3: conv2d-op conv16+maxpool-op conv32+maxpool-op dense128-softmax, adam";
    static final int FEATURES = 128;
    /** Seconds between progress lines within an epoch. */
    static final double PROGRESS_SECONDS = 10;
    private final ClassifierSettings settings;

    public ClassifierTrainer(ClassifierSettings settings) {
        this.settings = settings;
    }

    public ReferenceClassifier train(ImageSet train, PrintStream log) {
        ClassifierSettings settings = this.settings.forTrainingImages(train.size());
        int[] labels = train.labels().orElseThrow(() -> new InvalidDataException(
                "the reference classifier needs labelled training images (an IDX labels file)"));
        int[] classes = new TreeSet<>(Arrays.stream(labels).boxed().toList()).stream().mapToInt(Integer::intValue).toArray();
        if (classes.length < 2) {
            throw new InvalidDataException("the reference classifier needs at least 2 classes; the labels hold only "
                    + Arrays.toString(classes));
        }
        long[] shape = train.sampleShape();
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(settings, shape, classes.length));
        net.init();
        SameDiffGradients.prepareQuietly(net, shape);
        ReferenceClassifier classifier = new ReferenceClassifier(net, classes, shape);
        int n = train.size();
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            long start = System.nanoTime();
            shuffle(order, new SplittableRandom(settings.seed() * 1_000_003L + epoch));
            double lossSum = 0;
            int batches = 0;
            ProgressLine progress = new ProgressLine(log, String.format("reference classifier: epoch %d/%d", epoch + 1,
                    settings.epochs()), "images", n, PROGRESS_SECONDS);
            for (int from = 0; from < n; from += settings.batchSize()) {
                progress.update(from);
                int[] rows = Arrays.copyOfRange(order, from, Math.min(n, from + settings.batchSize()));
                net.fit(train.batch(rows), oneHot(rows, labels, classifier));
                lossSum += net.score();
                batches++;
            }
            log.printf("reference classifier: epoch %d/%d, mean loss %.4f, %.0f images/s%n", epoch + 1,
                    settings.epochs(), lossSum / batches, n / ((System.nanoTime() - start) / 1e9));
        }
        return classifier;
    }

    static MultiLayerConfiguration configuration(ClassifierSettings settings, long[] shape, int classes) {
        return new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .updater(new Adam(settings.learningRate()))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list()
                .layer(new Convolution(3, 1, 1, 16, "relu", Math.sqrt(2.0 / (9 * shape[0]))).withMaxPool(2))
                .layer(new Convolution(3, 1, 1, 32, "relu", Math.sqrt(2.0 / (9 * 16))).withMaxPool(2))
                .layer(new DenseLayer.Builder().nOut(FEATURES).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutional(shape[1], shape[2], shape[0]))
                .build();
    }

    private static INDArray oneHot(int[] rows, int[] labels, ReferenceClassifier classifier) {
        INDArray y = Nd4j.zeros(rows.length, classifier.classes().length);
        for (int i = 0; i < rows.length; i++) {
            y.putScalar(i, classifier.indexOf(labels[rows[i]]).orElseThrow(), 1.0);
        }
        return y;
    }

    /** Fisher-Yates. */
    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
