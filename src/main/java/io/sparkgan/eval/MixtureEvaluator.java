package io.sparkgan.eval;

import io.sparkgan.data.Mixture2D;
import org.nd4j.linalg.api.buffer.DataType;

/** 2-D generators against their mixture (ring8, grid25): {@link MixtureScores}. */
public record MixtureEvaluator(Mixture2D mixture) implements SampleEvaluator {
    @Override
    public MixtureScores evaluate(GeneratorSampler generator, int count, long seed) {
        float[] xy = generator.generate(count, seed).castTo(DataType.FLOAT).dup('c').data().asFloat();
        return MixtureScores.of(mixture, xy);
    }
}
