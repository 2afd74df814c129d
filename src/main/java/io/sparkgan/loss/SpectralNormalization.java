package io.sparkgan.loss;

import io.sparkgan.model.layers.Convolution;
import io.sparkgan.model.layers.SpectralWeights;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Spectral normalisation, Miyato et al. 2018, "Spectral Normalization for GANs", Algorithm 1, in its
 * projected form: after each critic step every weight tensor W of D is divided by sigma(W), its largest
 * singular value, estimated by power iteration with a persistent vector u:
 * v = W^T u / |W^T u|, u = W v / |W v|, sigma = u^T W v.
 * Dense W [nIn, nOut] is used as is; conv W [out, in, kh, kw] as the matrix [out, in*kh*kw], and the conv2d-op
 * layer's W [kh, kw, in, out] as [out, kh*kw*in] (the same matrix up to a column order, so the same sigma), and so
 * is every tensor a {@link SpectralWeights} layer names (the residual blocks' W1, W2 and Ws).
 * DL4J's layer API has no hook to divide W by sigma inside the forward pass, so the weights themselves are
 * rescaled; the forward function then equals the paper's W / sigma(W), and the gradient does not flow
 * through sigma. The vectors u are the GAN state's Lipschitz state (GanState), so they are averaged across
 * Spark partitions, checkpointed and restored like the weights.
 */
final class SpectralNormalization implements LipschitzConstraint {
    private final int iterations;

    SpectralNormalization(int iterations) {
        this.iterations = iterations;
    }

    /** One left singular vector estimate per weight matrix, concatenated in layer order: the normalised all-ones. */
    @Override
    public INDArray initialState(MultiLayerNetwork discriminator) {
        List<INDArray> weights = weightMatrices(discriminator);
        long length = 0;
        for (INDArray w : weights) {
            length += w.rows();
        }
        INDArray u = Nd4j.create(discriminator.params().dataType(), length);
        long offset = 0;
        for (INDArray w : weights) {
            u.get(NDArrayIndex.interval(offset, offset + w.rows())).assign(1.0 / Math.sqrt(w.rows()));
            offset += w.rows();
        }
        return u;
    }

    @Override
    public void apply(MultiLayerNetwork discriminator, INDArray state) {
        List<INDArray> weights = weightMatrices(discriminator);
        long offset = 0;
        for (INDArray w : weights) {
            INDArray u = state.get(NDArrayIndex.interval(offset, offset + w.rows()));   // a view: updated in place
            offset += w.rows();
            double sigma = largestSingularValue(w, u);
            if (sigma > 0 && Double.isFinite(sigma)) {
                w.divi(sigma);
            }
        }
        if (offset != state.length()) {
            throw new IllegalStateException("spectral normalisation state holds " + state.length()
                    + " values, D's weight matrices need " + offset);
        }
    }

    /** Power iteration on the matrix W [rows, cols] from the persistent u [rows], which it updates. */
    private double largestSingularValue(INDArray w, INDArray u) {
        INDArray ui = u.reshape(w.rows(), 1).castTo(w.dataType());
        INDArray v = null;
        for (int it = 0; it < iterations; it++) {
            v = w.transpose().mmul(ui);
            v.divi(v.norm2Number().doubleValue() + 1e-12);
            ui = w.mmul(v);
            ui.divi(ui.norm2Number().doubleValue() + 1e-12);
        }
        u.assign(ui.reshape(u.shape()));
        return ui.transpose().mmul(w).mmul(v).getDouble(0);
    }

    /** Views [rows, cols] into D's parameters for every weight tensor "W" (dense and conv). */
    static List<INDArray> weightMatrices(MultiLayerNetwork net) {
        List<INDArray> out = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof SpectralWeights several) {
                for (String key : several.spectralWeightKeys()) {
                    out.add(Convolution.weightMatrix(layer.paramTable().get(key)));
                }
                continue;
            }
            INDArray w = layer.paramTable().get(DefaultParamInitializer.WEIGHT_KEY);
            if (w == null) {
                continue;
            }
            if (layer.conf().getLayer() instanceof Convolution) {
                out.add(Convolution.weightMatrix(w));
            } else {
                out.add(w.rank() == 2 ? w : w.reshape(w.ordering(), w.size(0), w.length() / w.size(0)));
            }
        }
        return out;
    }

    /** sigma(W) of every weight matrix of {@code net}, by a fresh 50-step power iteration (tests, reports). */
    static double[] spectralNorms(MultiLayerNetwork net) {
        SpectralNormalization probe = new SpectralNormalization(50);
        List<INDArray> weights = weightMatrices(net);
        double[] sigmas = new double[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            INDArray w = weights.get(i).dup();
            INDArray u = Nd4j.ones(w.dataType(), w.rows()).divi(Math.sqrt(w.rows()));
            sigmas[i] = probe.largestSingularValue(w, u);
        }
        return sigmas;
    }
}
