package io.sparkgan.eval;

import io.sparkgan.config.EvaluationConfig;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
    private final RealDataFloor floor;
    /** Per class label: the statistics of the test split's images of that class, and the class's FD floor. */
    private final Map<Integer, FeatureStatistics> testPerClass;
    private final Map<Integer, Double> perClassFloor;
    private List<String> classNames = List.of();

    private ImageEvaluator(ReferenceClassifier classifier, EvaluationConfig settings, FeatureMatrix reference,
                           double[] referenceRadii, RealDataFloor floor, Map<Integer, FeatureStatistics> testPerClass,
                           Map<Integer, Double> perClassFloor) {
        this.testPerClass = testPerClass;
        this.perClassFloor = perClassFloor;
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
        RealDataFloor floor = new RealDataFloor(fdFloor, ClassifierScore.of(refProbabilities), classesReal, prFloor, k,
                refRows.length, accuracy, data.testSource());
        // per class: the test images of that class, and the FD of the chosen training images of it against them
        int[] testLabels = data.test().labels().orElseThrow();
        Map<Integer, FeatureStatistics> testPerClass = new TreeMap<>();
        Map<Integer, Double> perClassFloor = new TreeMap<>();
        int[] trainLabels = data.train().labels(trainRows);
        for (int label : classifier.classes()) {
            int[] ofTest = rowsOf(testLabels, label);
            int[] ofTrain = rowsOf(trainLabels, label);
            if (ofTest.length > 1 && ofTrain.length > 1) {
                FeatureStatistics stats = FeatureStatistics.of(test.features().select(ofTest));
                testPerClass.put(label, stats);
                perClassFloor.put(label, FrechetDistance.between(FeatureStatistics.of(train.features().select(ofTrain)),
                        stats));
            }
        }
        return new ImageEvaluator(classifier, settings, refFeatures, radii, floor, testPerClass, perClassFloor);
    }

    /** The rows whose label is {@code label}. */
    private static int[] rowsOf(int[] labels, int label) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
    }

    /** Names the classes in the per-class figures (the run's classes.json); their numbers when not given. */
    public ImageEvaluator withClassNames(List<String> names) {
        this.classNames = List.copyOf(names);
        return this;
    }

    @Override
    public ImageScores evaluate(GeneratorSampler generator, int count, long seed) {
        int k = generator.conditionClasses();
        if (k == 0) {
            return evaluate(ImageSamples.of(generator.generate(count, seed)));
        }
        // a conditional generator draws sample i in class i mod K: evenly over the classes
        int[] asked = new int[count];
        Arrays.setAll(asked, i -> i % k);
        return evaluate(ImageSamples.of(generator.generate(count, seed)), asked);
    }

    public ImageScores evaluate(ImageSamples generated) {
        return evaluate(generated, null);
    }

    /** @param asked the class each sample was generated for (a conditional generator), or null */
    public ImageScores evaluate(ImageSamples generated, int[] asked) {
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
        return new ImageScores(generated.size(), fd, ClassifierScore.of(out.probabilities()), histogram, pr, floor,
                asked == null ? Optional.empty() : Optional.of(conditional(out, asked)));
    }

    /**
     * The share of samples whose predicted class is the one asked for, and per class the FD of the samples asked
     * for it against its real test images (classes with fewer than 2 samples are left out).
     */
    private ConditionalScores conditional(ReferenceClassifier.Outputs out, int[] asked) {
        int[] predicted = out.predictedIndices();
        int[] labels = classifier.classes();
        int hits = 0;
        for (int i = 0; i < asked.length; i++) {
            if (labels[predicted[i]] == asked[i]) {
                hits++;
            }
        }
        Map<String, Double> fd = new TreeMap<>();
        Map<String, Double> fdFloor = new TreeMap<>();
        for (Map.Entry<Integer, FeatureStatistics> e : testPerClass.entrySet()) {
            int[] rows = rowsOf(asked, e.getKey());
            if (rows.length > 1) {
                String name = e.getKey() < classNames.size() ? classNames.get(e.getKey()) : e.getKey().toString();
                fd.put(name, FrechetDistance.between(FeatureStatistics.of(out.features().select(rows)), e.getValue()));
                fdFloor.put(name, perClassFloor.get(e.getKey()));
            }
        }
        return new ConditionalScores((double) hits / asked.length, floor.classifierTestAccuracy(), fd, fdFloor);
    }

    public RealDataFloor floor() {
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
