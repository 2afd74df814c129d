package io.sparkgan.config;

/**
 * The whole validated configuration of one run. Built only by {@link ConfigLoader}, immutable.
 *
 * @param name     experiment name (run directory prefix)
 * @param seed     seed of every random source
 * @param engine   training engine: "spark" or "local"
 * @param threads  native threads of ND4J ops and BLAS, 0 = ND4J's default
 * @param checkpoint where and how often the whole GAN is saved
 * @param divergence what a NaN or infinite loss or parameter does
 * @param evaluation generator metrics during training and the defaults of jobs/evaluate.sh
 * @param cycle    CycleGAN: set B and the cycle losses (off for the other models)
 * @param resolved the resolved HOCON text, written to the run directory
 */
public record GanConfig(String name, long seed, Engine engine, int threads, DataConfig data, ModelConfig model,
                        LossConfig loss, TrainConfig train, SparkConfig spark, OutputConfig output,
                        CheckpointConfig checkpoint, DivergenceConfig divergence, EvaluationConfig evaluation,
                        CycleConfig cycle, String resolved) {
}
