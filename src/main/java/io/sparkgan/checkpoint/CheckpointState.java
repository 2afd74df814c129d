package io.sparkgan.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counters a checkpoint holds beside the networks (its state.json).
 *
 * @param position           where training goes on from
 * @param generatorSteps     G steps taken (Adam's bias correction)
 * @param discriminatorSteps D steps taken
 * @param learningRateScale  product of the roll-back factors applied so far (1 = none)
 * @param rollbacks          roll-backs so far
 * @param samplesSeen        real samples D has consumed, for the run's rate
 * @param trainSeconds       seconds spent training, for the run's rate
 * @param metricsBytes       length of metrics.jsonl when the checkpoint was taken; a resumed run cuts it there
 * @param seed               the run's seed (the root of every random source)
 * @param dryRun             written by a --dry-run (one iteration of one epoch), which --resume refuses
 */
public record CheckpointState(TrainingPosition position, long generatorSteps, long discriminatorSteps,
                              double learningRateScale, int rollbacks, long samplesSeen, double trainSeconds,
                              long metricsBytes, long seed, boolean dryRun) {

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 1);
        json.put("epoch", position.epoch());
        json.put("iteration", position.iteration());
        json.put("generator_steps", generatorSteps);
        json.put("discriminator_steps", discriminatorSteps);
        json.put("learning_rate_scale", learningRateScale);
        json.put("rollbacks", rollbacks);
        json.put("samples_seen", samplesSeen);
        json.put("train_seconds", trainSeconds);
        json.put("metrics_bytes", metricsBytes);
        json.put("seed", seed);
        json.put("dry_run", dryRun);
        json.put("rng", "every draw derives from (seed, epoch, iteration, partition)");
        return json;
    }

    static CheckpointState fromJson(Map<String, Object> json, String where) {
        try {
            return new CheckpointState(
                    new TrainingPosition(number(json, "epoch").intValue(), number(json, "iteration").intValue()),
                    number(json, "generator_steps").longValue(), number(json, "discriminator_steps").longValue(),
                    number(json, "learning_rate_scale").doubleValue(), number(json, "rollbacks").intValue(),
                    number(json, "samples_seen").longValue(), number(json, "train_seconds").doubleValue(),
                    number(json, "metrics_bytes").longValue(), number(json, "seed").longValue(),
                    Boolean.TRUE.equals(json.get("dry_run")));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": " + e.getMessage());
        }
    }

    private static Number number(Map<String, Object> json, String key) {
        if (!(json.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("key '" + key + "' is " + json.get(key) + ", expected a number");
        }
        return n;
    }
}
