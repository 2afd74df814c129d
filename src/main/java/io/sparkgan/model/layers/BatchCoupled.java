package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * A layer with batch normalisation on the batch's own statistics ({@link ResidualUpBlock},
 * {@link NormalisedConvolution}): DL4J 1.0.0-M2.1's SameDiff layers are not told whether a pass trains, so such a
 * layer keeps no running statistics and one sample's output depends on the other samples of its batch. For
 * generation, eval.StandingStatistics measures each batch norm's statistics over many generated samples (BigGAN's
 * "standing statistics") and builds a copy of the network whose layers normalise with those fixed values
 * ({@link #withStatistics}): then every sample is computed on its own.
 */
public interface BatchCoupled {
    /**
     * The arrays [N, C_k, H_k, W_k] that this layer's batch norms k = 0, 1, ... normalise, in order, when the layer
     * sees {@code input} [N, C, H, W] with {@code params} (its parameter table), computed as the layer does on batch
     * statistics.
     */
    List<INDArray> normalisedInputs(INDArray input, Map<String, INDArray> params);

    /**
     * A copy of this layer that normalises batch norm k with the fixed per-channel mean {@code means.get(k)} and
     * (biased) variance {@code variances.get(k)}, each [C_k], instead of the batch's. Same parameters.
     */
    Layer withStatistics(List<double[]> means, List<double[]> variances);
}
