package io.sparkgan.run;

import io.sparkgan.config.EvaluationConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.eval.SampleScores;
import io.sparkgan.eval.Evaluators;
import io.sparkgan.eval.GeneratorSampler;
import io.sparkgan.eval.SampleEvaluator;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.train.GanState;
import io.sparkgan.train.LatentPrior;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluation during training (evaluation.every-epochs): every N epochs the sampling generator (the EMA
 * weights when on) is scored on evaluation.samples samples from the same seeded z each time, a line of kind
 * "evaluation" is appended to metrics.jsonl and a summary printed; when the classes present (images) or
 * modes covered (2-D) fall below evaluation.min-classes-present / min-modes-covered, the line says
 * collapse_alarm: true and a WARN line goes to the console. The evaluator (and so the reference classifier)
 * is prepared at the first evaluation, not before.
 */
public final class TrainingEvaluation {
    private final GanConfig config;
    private final RunDirectory run;
    private final PrintStream progress;
    private SampleEvaluator evaluator;

    public TrainingEvaluation(GanConfig config, RunDirectory run, PrintStream progress) {
        this.config = config;
        this.run = run;
        this.progress = progress;
    }

    /** Called at every epoch end (0-based epoch); evaluates on epochs every-epochs, 2 x every-epochs, ... (1-based). */
    public Optional<SampleScores> endOfEpoch(int epoch, GanState state) {
        EvaluationConfig e = config.evaluation();
        if (e.everyEpochs() == 0 || (epoch + 1) % e.everyEpochs() != 0) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        if (evaluator == null) {
            evaluator = Evaluators.forConfig(config, e.samples(), progress);
        }
        GeneratorSampler sampler = new GeneratorSampler(state.samplingGenerator(),
                LatentPrior.named(config.model().prior()), config.model().latentDim());
        SampleScores result = evaluator.evaluate(sampler, e.samples(), Evaluators.noiseSeed(config.seed()));
        boolean alarm = result.collapsed(e.minClassesPresent(), e.minModesCovered());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "evaluation");
        line.put("epoch", epoch);
        line.put("step", state.generatorSteps());
        line.putAll(result.toJson());
        line.put("collapse_alarm", alarm);
        line.put("seconds", (System.nanoTime() - start) / 1e9);
        run.appendMetrics(line);
        progress.printf("epoch %d evaluation: %s%n", epoch + 1, result.summary());
        if (alarm) {
            progress.printf("WARN mode collapse at epoch %d: %s; the floor is %s%n", epoch + 1, result.summary(),
                    config.data().isMixture() ? e.minModesCovered() + " modes covered (evaluation.min-modes-covered)"
                            : e.minClassesPresent() + " classes present (evaluation.min-classes-present)");
        }
        return Optional.of(result);
    }
}
