package io.sparkgan.run;

import io.sparkgan.config.GanConfig;
import io.sparkgan.eval.TranslationEvaluator;
import io.sparkgan.eval.TranslationScores;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.io.SamplePictures;
import io.sparkgan.train.GanState;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CycleGAN's epoch-end outputs: the sample picture (held-out a, G_AB(a), G_BA(G_AB(a)) and T(a), one row each) and,
 * every evaluation.every-epochs epochs, a metrics.jsonl line of kind "translation" with translation_error,
 * cycle_error, class_preserved and the collapse alarm (fewer classes among the translations than
 * evaluation.min-classes-present; {@link TranslationEvaluator}); at the end G_BA beside G_AB (generator.zip)
 * and the final scores.
 */
final class CycleLog {
    /** G_BA in the run directory; generator.zip holds G_AB. */
    static final String REVERSE_GENERATOR_FILE = io.sparkgan.io.RunDirectory.REVERSE_GENERATOR_FILE;
    /** D_A in the run directory; discriminator.zip holds D_B. */
    static final String REVERSE_DISCRIMINATOR_FILE = io.sparkgan.io.RunDirectory.REVERSE_DISCRIMINATOR_FILE;
    private final GanConfig config;
    private final RunDirectory run;
    private final PrintStream progress;
    private TranslationEvaluator evaluator;

    CycleLog(GanConfig config, RunDirectory run, PrintStream progress) {
        this.config = config;
        this.run = run;
        this.progress = progress;
    }

    void endOfEpoch(int epoch, GanState state) {
        TranslationEvaluator e = evaluator();
        String name = String.format("epoch-%04d", epoch);
        SamplePictures.imageGrid(e.picture(state.generator(), state.reverse().generator(), config.output().sampleGrid()),
                config.output().sampleGrid(), run.samples().resolve(name + ".png"));
        int every = config.evaluation().everyEpochs();
        if (every > 0 && (epoch + 1) % every == 0) {
            TranslationScores scores = e.evaluate(state.generator(), state.reverse().generator());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", "translation");
            line.put("epoch", epoch);
            line.put("step", state.generatorSteps());
            line.putAll(scores.toJson());
            int floor = config.evaluation().minClassesPresent();
            boolean alarm = scores.collapsed(floor);
            line.put("collapse_alarm", alarm);
            run.appendMetrics(line);
            progress.printf("epoch %d translation: %s%n", epoch + 1, scores.summary());
            if (alarm) {
                progress.printf("WARN mode collapse at epoch %d: the translations of %d held-out images fall in %d "
                        + "classes; the floor is %d (evaluation.min-classes-present)%n", epoch + 1, scores.images(),
                        scores.classesPresent(), floor);
            }
        }
    }

    /** Saves G_BA and D_A next to generator.zip (G_AB) and discriminator.zip (D_B); scores the final generators. */
    TranslationScores finish(GanState state) {
        ModelStore.save(state.reverse().generator(), run.file(REVERSE_GENERATOR_FILE), false);
        ModelStore.save(state.reverse().discriminator(), run.file(REVERSE_DISCRIMINATOR_FILE), false);
        return evaluator().evaluate(state.generator(), state.reverse().generator());
    }

    private TranslationEvaluator evaluator() {
        if (evaluator == null) {
            evaluator = TranslationEvaluator.forConfig(config, config.evaluation().samples(), progress);
        }
        return evaluator;
    }
}
