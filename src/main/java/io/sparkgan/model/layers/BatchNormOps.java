package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.SquaredNorm;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Batch normalisation of images [N, C, H, W] (or [N, H, W, C]) on libnd4j's {@code batchnorm} / {@code batchnorm_bp}
 * ops, which the onednn natives run through oneDNN: the helper that {@link OnednnBatchNormalization} attaches to
 * DL4J's layer. Other ranks, and data types other than float32, return null: DL4J's layer then runs its own passes.
 * <p>
 * The ops take the batch statistics as inputs. Per channel c over the n = N H W values x_i of that channel:
 * <pre>
 *   mu_c      = (1/n) sum_i x_i
 *   sigma_c^2 = (1/n) sum_i x_i^2 - mu_c^2                     (one pass: a squared-norm reduction)
 * </pre>
 * libnd4j's two-pass {@code Variance} reduction, (1/n) sum_i (x_i - mu_c)^2, which DL4J's own helper uses, runs a
 * generic per-element function and took 4-5 times as long as the squared norm here (2.3 against 0.55 ms on
 * [64, 128, 7, 7], one thread). The one-pass form loses precision where mu_c^2 is large against sigma_c^2
 * (cancellation): when any channel has mu_c^2 > {@value #CANCELLATION_RATIO} sigma_c^2 the variance is computed
 * again by the two-pass reduction, so the result keeps about float32's precision in every case. That check reads
 * one number to the host per training pass, which costs nothing on the CPU backend, the only one this helper is
 * attached on.
 * <p>
 * The statistics are biased (divided by n), as in DL4J's layer, which reads them back through
 * {@link #getMeanCache} / {@link #getVarCache} for its running-statistics update.
 */
final class BatchNormOps implements BatchNormalizationHelper {
    /** mu^2 / sigma^2 above which the one-pass variance is recomputed by two passes (it keeps ~5 of 7 digits there). */
    static final double CANCELLATION_RATIO = 100;
    private static final int[] NCHW_DIMS = {0, 2, 3};
    private static final int[] NHWC_DIMS = {0, 1, 2};
    /** [C] the last training batch's mean and biased variance (allocated once per layer, outside any workspace). */
    private INDArray meanCache;
    private INDArray varCache;
    /** [C] scratch for the squared norms and the cancellation check. */
    private INDArray scratch;

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr workspaces) {
        if (!handles(x)) {
            return null;
        }
        int axis = channelAxis(format);
        INDArray m;
        INDArray v;
        if (training) {
            batchStatistics(x, axis, format == CNN2DFormat.NCHW ? NCHW_DIMS : NHWC_DIMS);
            m = meanCache;
            v = varCache;
        } else {
            m = mean.reshape(mean.length());     // the running statistics
            v = var.reshape(var.length());
        }
        INDArray out = workspaces.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
        Nd4j.exec(DynamicCustomOp.builder("batchnorm")
                .addInputs(x, m, v, vector(gamma), vector(beta))
                .addIntegerArguments(1, 1, axis)             // apply gamma, apply beta, the channel axis
                .addFloatingPointArguments(eps)
                .addOutputs(out)
                .build());
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format, LayerWorkspaceMgr workspaces) {
        if (!handles(input)) {
            return null;
        }
        // the op reads dL/dy with the default strides of its shape
        INDArray dLdy = Shape.hasDefaultStridesForShape(epsilon) ? epsilon : epsilon.dup('c');
        INDArray dLdx = workspaces.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
        INDArray dLdMean = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(), meanCache.shape());
        INDArray dLdVar = workspaces.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(), meanCache.shape());
        // outputs: dL/dx [input's shape], dL/dmu and dL/dsigma^2 [C] (unused), dL/dgamma and dL/dbeta [C] (the views)
        Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp")
                .addInputs(input, meanCache, varCache, vector(gamma), vector(beta), dLdy)
                .addIntegerArguments(1, 1, channelAxis(format))
                .addFloatingPointArguments(eps)
                .addOutputs(dLdx, dLdMean, dLdVar, vector(dGammaView), vector(dBetaView))
                .build());
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, dLdx);
    }

    /** meanCache <- mu, varCache <- sigma^2 of {@code x} per channel, reducing over {@code dims}. */
    private void batchStatistics(INDArray x, int axis, int[] dims) {
        long channels = x.size(axis);
        if (meanCache == null || meanCache.length() != channels || meanCache.dataType() != x.dataType()) {
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(x.dataType(), channels);
                varCache = Nd4j.createUninitialized(x.dataType(), channels);
                scratch = Nd4j.createUninitialized(x.dataType(), channels);
            }
        }
        double n = (double) x.length() / channels;
        x.mean(meanCache, dims);
        Nd4j.exec(new SquaredNorm(x, varCache, dims));               // sum_i x_i^2
        varCache.divi(n);
        scratch.assign(meanCache).muli(meanCache);                   // mu^2
        varCache.subi(scratch);                                      // (1/n) sum x^2 - mu^2
        // cancellation check: any channel with mu^2 - ratio sigma^2 > 0 (a negative sigma^2 is caught too)
        if (scratch.subi(varCache.mul(CANCELLATION_RATIO)).maxNumber().doubleValue() > 0) {
            Nd4j.exec(new Variance(x, varCache, false, dims));       // two passes: (1/n) sum (x - mu)^2
        }
    }

    private static boolean handles(INDArray x) {
        return x.rank() == 4 && x.dataType() == DataType.FLOAT;
    }

    private static int channelAxis(CNN2DFormat format) {
        return format == CNN2DFormat.NCHW ? 1 : 3;
    }

    /** A [1, C] parameter (or its gradient view) as the rank-1 [C] array the ops take. */
    private static INDArray vector(INDArray parameter) {
        return parameter.rank() == 1 ? parameter : parameter.reshape(parameter.length());
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }
}
