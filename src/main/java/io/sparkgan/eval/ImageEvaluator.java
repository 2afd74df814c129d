package io.sparkgan.eval;

import io.sparkgan.config.EvaluationConfig;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Image generators in the reference classifier's feature space. Prepared once per real data set and sample
 * count M: the classifier's accuracy on the whole test split; the reference set, M test images chosen with
 * the seed (their features, mean and covariance, k-NN radii); and the real-data floor, M training images
 * scored as if generated. Then each set of generated images costs one classifier pass, one F x F
 * eigen-decomposition and the k-NN work.
 */
public final class ImageEvaluator implements SampleEvaluator {
    private final ReferenceClassifier classifier;
    private final EvaluationConfig settings;
    private final FeatureMatrix reference;
    private final FeatureStatistics referenceStats;
    private final double[] referenceRadii;
    private final RealFloor floor;

    private ImageEvaluator(ReferenceClassifier classifier, EvaluationConfig settings, FeatureMatrix reference,
                           double[] referenceRadii, RealFloor floor) {
        this.classifier = classifier;
        this.settings = settings;
        this.reference = reference;
        this.referenceStats = FeatureStatistics.of(reference);
        this.referenceRadii = referenceRadii;
        this.floor = floor;
    }

    /** @param samples M, the number of generated images each evaluation will score */
    public static ImageEvaluator prepare(ReferenceClassifier classifier, RealData data, int samples, long seed,
                                         EvaluationConfig settings) {
        int k = settings.precisionRecallK();
        int[] allTest = new int[data.test().size()];
        Arrays.setAll(allTest, i -> i);
        ReferenceClassifier.Outputs test = classifier.embed(ImageSamples.of(data.test(), allTest), settings.sparkMinSamples());
        double accuracy = classifier.accuracy(test, data.test().labels().orElseThrow());

        int[] refRows = choose(data.test().size(), samples, new SplittableRandom(seed ^ 0x7e57L));
        if (refRows.length <= k) {
            throw new IllegalArgumentException("the test split (" + data.testSource() + ") has " + refRows.length
                    + " images; precision and recall with k = " + k + " need more");
        }
        FeatureMatrix refFeatures = test.features().select(refRows);
        FeatureMatrix refProbabilities = test.probabilities().select(refRows);
        NeighbourSearch search = NeighbourSearch.forRows(refRows.length, settings.sparkMinSamples());
        double[] radii = PrecisionRecall.radii(refFeatures, k, search);

        int[] trainRows = choose(data.train().size(), samples, new SplittableRandom(seed ^ 0x7a1aL));
        ReferenceClassifier.Outputs train = classifier.embed(ImageSamples.of(data.train(), trainRows), settings.sparkMinSamples());
        double fdFloor = FrechetDistance.between(FeatureStatistics.of(train.features()), FeatureStatistics.of(refFeatures));
        PrecisionRecall prFloor = PrecisionRecall.of(refFeatures, radii, train.features(), k,
                NeighbourSearch.forRows(Math.max(refRows.length, trainRows.length), settings.sparkMinSamples()));
        int classesReal = ClassHistogram.of(refProbabilities.argmaxPerRow(), classifier.classes(),
                settings.starvedShare()).present();
        RealFloor floor = new RealFloor(fdFloor, ClassifierScore.of(refProbabilities), classesReal, prFloor, k,
                refRows.length, accuracy, data.testSource());
        return new ImageEvaluator(classifier, settings, refFeatures, radii, floor);
    }

    @Override
    public ImageEvaluation evaluate(GeneratorSampler generator, int count, long seed) {
        return evaluate(ImageSamples.of(generator.generate(count, seed)));
    }

    public ImageEvaluation evaluate(ImageSamples generated) {
        if (generated.size() <= settings.precisionRecallK()) {
            throw new IllegalArgumentException(generated.size() + " generated images are too few: precision and "
                    + "recall with k = " + settings.precisionRecallK() + " need more");
        }
        ReferenceClassifier.Outputs out = classifier.embed(generated, settings.sparkMinSamples());
        double fd = FrechetDistance.between(FeatureStatistics.of(out.features()), referenceStats);
        ClassHistogram histogram = ClassHistogram.of(out.predictedIndices(), classifier.classes(), settings.starvedShare());
        NeighbourSearch search = NeighbourSearch.forRows(Math.max(generated.size(), reference.rows()),
                settings.sparkMinSamples());
        PrecisionRecall pr = PrecisionRecall.of(reference, referenceRadii, out.features(), settings.precisionRecallK(),
                search);
        return new ImageEvaluation(generated.size(), fd, ClassifierScore.of(out.probabilities()), histogram, pr, floor);
    }

    public RealFloor floor() {
        return floor;
    }

    public ReferenceClassifier classifier() {
        return classifier;
    }

    /** min(m, n) distinct rows of [0, n), chosen by a partial Fisher-Yates shuffle, in ascending order. */
    static int[] choose(int n, int m, SplittableRandom random) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        int take = Math.min(m, n);
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, take);
        Arrays.sort(out);
        return out;
    }
}
