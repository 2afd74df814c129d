package io.sparkgan.loss;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;
import java.util.Set;

/**
 * Weight clipping, Arjovsky et al. 2017 (WGAN, Algorithm 1): every trainable parameter of the critic is
 * clamped to [-c, c] after each critic step. Batch-norm running statistics are not weights and are left alone.
 */
final class WeightClipping implements LipschitzConstraint {
    private static final Set<String> RUNNING_STATS = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
            BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
    private final double c;

    WeightClipping(double c) {
        this.c = c;
    }

    @Override
    public void apply(MultiLayerNetwork discriminator, INDArray state) {
        for (Layer layer : discriminator.getLayers()) {
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                if (!RUNNING_STATS.contains(p.getKey())) {
                    // In place on the view into D's flattened parameters.
                    Transforms.min(Transforms.max(p.getValue(), -c, false), c, false);
                }
            }
        }
    }
}
