package io.sparkgan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkgan.config.DataSource;
import io.sparkgan.config.EvaluationConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.config.InvalidConfigException;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.data.Mixture2D;
import io.sparkgan.eval.ClassifierCache;
import io.sparkgan.eval.ClassifierSettings;
import io.sparkgan.eval.SampleScores;
import io.sparkgan.eval.Evaluators;
import io.sparkgan.eval.GeneratorSampler;
import io.sparkgan.eval.ImageEvaluator;
import io.sparkgan.eval.ImageSamples;
import io.sparkgan.eval.MixtureEvaluator;
import io.sparkgan.eval.RealData;
import io.sparkgan.eval.SampleFiles;
import io.sparkgan.eval.TranslationEvaluator;
import io.sparkgan.eval.TranslationScores;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.platform.Location;
import io.sparkgan.platform.NativeThreads;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.platform.SparkUnavailableException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a generator model, a run's generator, or a set of samples against the real data set, prints the
 * figures and writes them as JSON. Generated samples come from z seeded by the config's seed (as during
 * training); the real subsets for the floors are chosen with the same seed. The k-NN work runs on an
 * embedded Spark (spark.master) when there are at least evaluation.spark-min-samples samples.
 */
public final class EvaluateJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvaluateJob() {
    }

    /** What to score (one of model, run, samples) and against what; null = not given. */
    public record Request(Location model, Location run, Location samples, String real, String realLabels,
                          String testImages, String testLabels, Path config, Integer count, Long seed, Location out,
                          List<String> overrides) {
    }

    public static int run(Request request, PrintStream stdout, PrintStream stderr) {
        try {
            long start = System.nanoTime();
            Map<String, Object> json = evaluate(request, stdout);
            json.put("seconds", (System.nanoTime() - start) / 1e9);
            if (request.out() != null) {
                request.out().write(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
                stdout.println("wrote " + request.out());
            }
            return 0;
        } catch (InvalidConfigException | InvalidDataException | SparkUnavailableException | UncheckedIOException
                 | IllegalArgumentException e) {
            stderr.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            stderr.println("error: cannot write " + request.out() + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            // Scala code throws the checked SparkException without declaring it.
            if (!(e instanceof org.apache.spark.SparkException)) {
                throw e;
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            stderr.println("error: Spark job failed: " + root);
            return 1;
        }
    }

    static Map<String, Object> evaluate(Request r, PrintStream log) {
        ToolConfig tool = ToolConfig.load(r.run(), r.config(), overrides(r));
        GanConfig config = tool.config();
        NativeThreads.prepare(config.threads());
        EvaluationConfig e = config.evaluation();
        Location modelFile = r.run() != null ? r.run().resolve(RunDirectory.GENERATOR_FILE) : r.model();
        long noise = Evaluators.noiseSeed(config.seed());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("source", modelFile != null ? modelFile.toString() : r.samples().toString());
        json.put("seed", config.seed());
        if (config.cycle().enabled()) {
            return translation(r, config, json, log);
        }
        SampleScores result;
        if (config.data().source() == DataSource.DIRAC) {
            throw new IllegalArgumentException("data.source = dirac (the Dirac-GAN) has no sample metrics: its "
                    + "figures are the trajectory (theta, psi) in metrics.jsonl and equilibrium_distance_start and "
                    + "equilibrium_distance_end in summary.json");
        }
        if (config.data().isMixture()) {
            if (modelFile == null) {
                throw new IllegalArgumentException("--samples needs a real image data set: give --real TRAIN_IMAGES "
                        + "(or a --config whose data.source is idx); the config's data.source is " + config.data().source());
            }
            json.put("real", config.data().source().toString());
            result = new MixtureEvaluator(Mixture2D.of(config.data().source()))
                    .evaluate(tool.sampler(modelFile), e.samples(), noise);
        } else {
            RealData data = RealData.of(config);
            json.put("real", data.trainSource());
            ImageSamples generated;
            int[] asked = null;     // the class of each sample of a conditional generator (i mod K)
            if (modelFile != null) {
                GeneratorSampler sampler = tool.sampler(modelFile);
                generated = ImageSamples.of(sampler.generate(e.samples(), noise));
                int k = sampler.conditionClasses();
                if (k > 0) {
                    asked = java.util.stream.IntStream.range(0, generated.size()).map(i -> i % k).toArray();
                }
            } else {
                generated = SampleFiles.read(r.samples(), data.train().sampleShape(), r.count() == null ? 0 : r.count());
            }
            log.printf("scoring %d samples of %s against %s (%d training images; %s)%n", generated.size(),
                    json.get("source"), config.data().idxImages(), data.train().size(), data.testSource());
            ClassifierCache.Entry classifier = ClassifierCache.at(e.classifierCache())
                    .loadOrTrain(data, ClassifierSettings.of(e), log);
            json.put("classifier_file", classifier.model().toString());
            try (SparkContexts.Handle spark = generated.size() >= e.sparkMinSamples() ? SparkContexts.open(config) : null) {
                ImageEvaluator evaluator = ImageEvaluator.prepare(classifier.classifier(), data, generated.size(),
                        config.seed(), e);
                result = evaluator.withClassNames(config.data().classNames()).evaluate(generated, asked);
                json.put("knn_on", spark != null ? "spark " + spark.context().master() : "this JVM");
            }
        }
        json.putAll(result.toJson());
        json.put("collapse_alarm", result.collapsed(e.minClassesPresent(), e.minModesCovered()));
        log.println(result.summary());
        return json;
    }

    /**
     * A CycleGAN run (--run DIR, or a --config with cycle.enabled): its generators G_AB (generator.zip) and G_BA
     * (generator-ba.zip beside it) scored on held-out images of A, as during training (translation_error,
     * cycle_error, class_preserved).
     */
    private static Map<String, Object> translation(Request r, GanConfig config, Map<String, Object> json,
                                                   PrintStream log) {
        Location forward = r.run() != null ? r.run().resolve(RunDirectory.GENERATOR_FILE) : r.model();
        if (forward == null) {
            throw new IllegalArgumentException("a CycleGAN is evaluated from its generators: give --run DIR (or "
                    + "--model generator.zip with generator-ba.zip beside it)");
        }
        Location reverse = forward.parent().resolve(RunDirectory.REVERSE_GENERATOR_FILE);
        if (!reverse.isFile()) {
            throw new IllegalArgumentException("no " + reverse + " beside " + forward + ": a CycleGAN needs both "
                    + "generators (the run has not finished?)");
        }
        TranslationScores scores = TranslationEvaluator.forConfig(config, config.evaluation().samples(), log)
                .evaluate(ModelStore.load(forward, false), ModelStore.load(reverse, false));
        json.put("reverse_source", reverse.toString());
        json.put("known_map", config.cycle().knownMap().toString());   // the word, as in the config
        json.putAll(scores.toJson());
        json.put("collapse_alarm", scores.collapsed(config.evaluation().minClassesPresent()));
        log.println(scores.summary());
        return json;
    }

    /** The options that stand for config keys, as overrides; the user's own key=value come last and win. */
    private static List<String> overrides(Request r) {
        List<String> o = new ArrayList<>();
        if (r.real() != null) {
            o.add("data.source=idx");
            o.add("model.type=dcgan");
            o.add(ToolConfig.path("data.idx.images", r.real()));
            o.add(ToolConfig.path("data.idx.labels", r.realLabels() != null ? r.realLabels() : RealData.labelsBeside(r.real())));
        } else if (r.realLabels() != null) {
            o.add(ToolConfig.path("data.idx.labels", r.realLabels()));
        }
        if (r.testImages() != null) {
            o.add(ToolConfig.path("evaluation.test-images", r.testImages()));
            o.add(ToolConfig.path("evaluation.test-labels", r.testLabels() != null ? r.testLabels()
                    : RealData.labelsBeside(r.testImages())));
        }
        if (r.count() != null && r.samples() == null) {
            o.add("evaluation.samples=" + r.count());
        }
        if (r.seed() != null) {
            o.add("seed=" + r.seed());
        }
        o.addAll(r.overrides());
        return o;
    }
}
