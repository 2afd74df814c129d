package io.sparkgan.model.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;
import java.util.Collection;

/**
 * DL4J's batch normalisation, y = gamma (x - mu_B) / sqrt(sigma_B^2 + eps) + beta per channel (mu_B, sigma_B^2 over
 * the batch and, for images [N, C, H, W], over the H W positions too), with the arithmetic of images run by
 * libnd4j's {@code batchnorm} / {@code batchnorm_bp} ops, which the onednn natives run through oneDNN.
 * <p>
 * DL4J 1.0.0-M2.1 ships such a route, {@code MKLDNNBatchNormHelper}, but never takes it on CPU: its gate
 * ({@code BaseMKLDNNHelper.mklDnnEnabled}) looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, a class the
 * M2.1 nd4j-native jar does not have, and so every layer falls back to DL4J's own passes (a mean, a variance and
 * four broadcasts forward; eight more passes backward), 18.5% of a dcgan28 step in its profile. This layer is
 * DL4J's {@link BatchNormalization} with a helper of our own attached on the CPU backend, {@link BatchNormOps}: the
 * same ops as DL4J's helper, with the batch variance in one pass. Parameters (gamma, beta, running mean, log10 of
 * the running std), their layout, the running-statistics update, the updater and the model-file format stay
 * DL4J's; the CUDA backend keeps DL4J's own choice (cuDNN when present).
 * <p>
 * Rank-2 inputs [N, F] (after a dense layer) keep DL4J's built-in passes: the helper returns null for them, which
 * DL4J's layer takes as "compute it yourself".
 */
public class OnednnBatchNormalization extends BatchNormalization {
    /** For DL4J's JSON deserialisation, and with the defaults of DL4J's builder (log10 std as the stored state). */
    public OnednnBatchNormalization() {
        this.useLogStd = true;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType networkDataType) {
        Layer layer = super.instantiate(conf, listeners, index, paramsView, initializeParams, networkDataType);
        if (HelperField.CPU_BACKEND) {
            HelperField.set(layer, new BatchNormOps());
        }
        return layer;
    }

    /** The package-private field of DL4J's layer through which it calls a helper, and whether to set it. */
    private static final class HelperField {
        /** ND4J's backend is the CPU one (read once: DL4J keeps its own choice on CUDA). */
        static final boolean CPU_BACKEND = "CPU".equalsIgnoreCase(
                Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
        private static final Field FIELD = find();

        private static Field find() {
            try {
                Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("DL4J's BatchNormalization layer has no field 'helper'; "
                        + "OnednnBatchNormalization is written against deeplearning4j-nn 1.0.0-M2.1", e);
            }
        }

        static void set(Layer layer, BatchNormalizationHelper helper) {
            try {
                FIELD.set(layer, helper);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot attach the batch-norm helper to " + layer, e);
            }
        }
    }
}
