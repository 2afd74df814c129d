package io.sparkgan.eval;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.KnownTranslation;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.PrintStream;

/**
 * Scores a CycleGAN's generators on held-out images of set A: the first evaluation.samples test images of A's
 * data (evaluation.test-images, or the t10k files beside IDX training files), with their labels. With a known
 * map T (cycle.known-map) the answer is known: translation_error = mean |G_AB(a) - T(a)| and class_preserved =
 * the share of a whose reference-classifier class of T^-1(G_AB(a)) is a's label; cycle_error = mean
 * |G_BA(G_AB(a)) - a| always. Pixel errors are in [0, 1] units (half the distance in the networks' [-1, 1]).
 */
public final class TranslationEvaluator {
    private static final int BATCH = 256;
    private final INDArray heldOut;        // [N, C, H, W] in [-1, 1]
    private final int[] labels;            // null without labels
    private final KnownTranslation map;
    private final ReferenceClassifier classifier;   // null without a known map or labels

    private TranslationEvaluator(INDArray heldOut, int[] labels, KnownTranslation map, ReferenceClassifier classifier) {
        this.heldOut = heldOut;
        this.labels = labels;
        this.map = map;
        this.classifier = classifier;
    }

    /** Loads the held-out images and, for class_preserved, the reference classifier (trained once, then cached). */
    public static TranslationEvaluator forConfig(GanConfig config, int samples, PrintStream log) {
        RealData data = RealData.of(config);
        ImageSet test = data.test();
        int n = Math.min(samples, test.size());
        int[] rows = new int[n];
        java.util.Arrays.setAll(rows, i -> i);
        KnownTranslation map = KnownTranslation.of(config.cycle().knownMap());
        int[] labels = test.labels().map(l -> java.util.Arrays.copyOf(l, n)).orElse(null);
        ReferenceClassifier classifier = null;
        if (map != KnownTranslation.NONE && labels != null) {
            classifier = ClassifierCache.at(config.evaluation().classifierCache())
                    .loadOrTrain(data, ClassifierSettings.of(config.evaluation()), log).classifier();
        }
        return new TranslationEvaluator(test.batch(rows), labels, map, classifier);
    }

    /** The first {@code count} held-out images [count, C, H, W], for the sample picture. */
    public INDArray heldOut(int count) {
        return heldOut.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(count, heldOut.size(0)))).dup();
    }

    public KnownTranslation map() {
        return map;
    }

    public TranslationScores evaluate(MultiLayerNetwork gAB, MultiLayerNetwork gBA) {
        int n = (int) heldOut.size(0);
        double translation = 0;
        double cycle = 0;
        int preserved = 0;
        java.util.Set<Integer> present = new java.util.HashSet<>();
        for (int from = 0; from < n; from += BATCH) {
            int count = Math.min(BATCH, n - from);
            INDArray a = heldOut.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + count));
            INDArray translated = gAB.output(a, false);
            INDArray back = gBA.output(translated, false);
            cycle += Transforms.abs(back.sub(a), false).sumNumber().doubleValue();
            if (map != KnownTranslation.NONE) {
                translation += Transforms.abs(translated.sub(map.apply(a)), false).sumNumber().doubleValue();
            }
            if (classifier != null) {
                int[] predicted = classifier.embed(ImageSamples.of(map.inverse(translated))).predictedIndices();
                for (int i = 0; i < count; i++) {
                    preserved += classifier.classes()[predicted[i]] == labels[from + i] ? 1 : 0;
                    present.add(predicted[i]);
                }
            }
        }
        double pixels = (double) heldOut.length();
        return new TranslationScores(map == KnownTranslation.NONE ? Double.NaN : translation / pixels / 2,
                cycle / pixels / 2, classifier == null ? Double.NaN : (double) preserved / n,
                classifier == null ? -1 : present.size(), n);
    }

    /**
     * The sample picture's rows: held-out a, G_AB(a), G_BA(G_AB(a)) and, with a known map, T(a); one column per
     * image: [rows x columns, C, H, W].
     */
    public INDArray picture(MultiLayerNetwork gAB, MultiLayerNetwork gBA, int columns) {
        INDArray a = heldOut(columns);
        INDArray translated = gAB.output(a, false);
        INDArray back = gBA.output(translated, false);
        return map == KnownTranslation.NONE ? Nd4j.concat(0, a, translated, back)
                : Nd4j.concat(0, a, translated, back, map.apply(a));
    }
}
