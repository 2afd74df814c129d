package io.sparkgan.eval;

import io.sparkgan.config.DataConfig;
import io.sparkgan.config.EvaluationConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.Mixture2D;

import java.io.PrintStream;

/**
 * The evaluation suite's entry point: the right {@link SampleEvaluator} for a run's data. 2-D mixtures
 * (ring8, grid25) get the DESIGN §6 metrics ({@link MixtureScores}, over data.MixtureMetrics); labelled
 * IDX images get the reference-classifier metrics ({@link ImageScores}).
 */
public final class Evaluators {
    /** Position of the evaluation noise among a run's seeds (Seeds.derive). */
    private static final long EVALUATION_NOISE = 0xE7A1_0A7EL;

    private Evaluators() {
    }

    /**
     * The seed of the latent vectors an evaluation draws for run seed {@code seed}: the same every epoch, and
     * the same for jobs/evaluate.sh on the run's generator, so the figures compare.
     */
    public static long noiseSeed(long seed) {
        return io.sparkgan.train.Seeds.derive(seed, EVALUATION_NOISE);
    }

    /**
     * For images this loads the real data, loads or trains the reference classifier (evaluation.classifier-*)
     * and computes the real-data floors for {@code samples} generated images; it may take minutes once per
     * data set, then seconds.
     */
    public static SampleEvaluator forConfig(GanConfig config, int samples, PrintStream log) {
        if (config.data().isMixture()) {
            return new MixtureEvaluator(Mixture2D.of(config.data().source()));
        }
        EvaluationConfig e = config.evaluation();
        RealData data = RealData.of(config);
        ClassifierCache.Entry classifier = ClassifierCache.at(e.classifierCache())
                .loadOrTrain(data, ClassifierSettings.of(e), log);
        ImageEvaluator evaluator = ImageEvaluator.prepare(classifier.classifier(), data, samples, config.seed(), e)
                .withClassNames(config.data().classNames());
        log.printf("reference classifier: test accuracy %.4f (%s); real-data floors for %d samples: FD %.3f, "
                        + "classifier score %.3f, precision %.3f, recall %.3f%n",
                evaluator.floor().classifierTestAccuracy(), data.testSource(), samples,
                evaluator.floor().frechetDistance(), evaluator.floor().classifierScore(),
                evaluator.floor().precisionRecall().precision(), evaluator.floor().precisionRecall().recall());
        return evaluator;
    }

    /** The 2-D metrics of row-major (x, y) points against a mixture (ring8, grid25). */
    public static MixtureScores mixture(io.sparkgan.config.DataSource source, float[] xy) {
        return MixtureScores.of(Mixture2D.of(source), xy);
    }
}
