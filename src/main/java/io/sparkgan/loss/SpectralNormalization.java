package io.sparkgan.loss;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Spectral normalisation, Miyato et al. 2018, "Spectral Normalization for GANs", Algorithm 1, in its
 * projected form: after each critic step every weight tensor W of D is divided by sigma(W), its largest
 * singular value, estimated by power iteration with a persistent vector u:
 * v = W^T u / |W^T u|, u = W v / |W v|, sigma = u^T W v.
 * Dense W [nIn, nOut] is used as is; conv W [out, in, kh, kw] as the matrix [out, in*kh*kw].
 * DL4J's layer API has no hook to divide W by sigma inside the forward pass, so the weights themselves are
 * rescaled; the forward function then equals the paper's W / sigma(W), and the gradient does not flow
 * through sigma.
 */
final class SpectralNormalization implements LipschitzConstraint {
    private final int iterations;
    /** One left singular vector estimate [rows, 1] per weight matrix, in layer order; made on first use. */
    private List<INDArray> u;

    SpectralNormalization(int iterations) {
        this.iterations = iterations;
    }

    @Override
    public void apply(MultiLayerNetwork discriminator) {
        List<INDArray> weights = weightMatrices(discriminator);
        if (u == null) {
            u = new ArrayList<>();
            for (INDArray w : weights) {
                // Deterministic start: the normalised all-ones vector.
                INDArray start = org.nd4j.linalg.factory.Nd4j.ones(w.dataType(), w.rows(), 1);
                u.add(start.divi(Math.sqrt(w.rows())));
            }
        }
        for (int i = 0; i < weights.size(); i++) {
            INDArray w = weights.get(i);
            double sigma = largestSingularValue(w, i);
            if (sigma > 0 && Double.isFinite(sigma)) {
                w.divi(sigma);
            }
        }
    }

    /** Power iteration on the matrix W [rows, cols]; updates the persistent u. */
    private double largestSingularValue(INDArray w, int index) {
        INDArray ui = u.get(index);
        INDArray v = null;
        for (int it = 0; it < iterations; it++) {
            v = w.transpose().mmul(ui);
            v.divi(v.norm2Number().doubleValue() + 1e-12);
            ui = w.mmul(v);
            ui.divi(ui.norm2Number().doubleValue() + 1e-12);
        }
        u.set(index, ui);
        return ui.transpose().mmul(w).mmul(v).getDouble(0);
    }

    /** Views [rows, cols] into D's parameters for every weight tensor "W" (dense and conv). */
    static List<INDArray> weightMatrices(MultiLayerNetwork net) {
        List<INDArray> out = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            INDArray w = layer.paramTable().get(DefaultParamInitializer.WEIGHT_KEY);
            if (w == null) {
                continue;
            }
            out.add(w.rank() == 2 ? w : w.reshape(w.ordering(), w.size(0), w.length() / w.size(0)));
        }
        return out;
    }

    /** sigma(W) of every weight matrix of {@code net}, by a fresh 50-step power iteration (tests, reports). */
    static double[] spectralNorms(MultiLayerNetwork net) {
        SpectralNormalization probe = new SpectralNormalization(50);
        List<INDArray> weights = weightMatrices(net);
        probe.u = new ArrayList<>();
        double[] sigmas = new double[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            INDArray w = weights.get(i).dup();
            probe.u.add(org.nd4j.linalg.factory.Nd4j.ones(w.dataType(), w.rows(), 1).divi(Math.sqrt(w.rows())));
            sigmas[i] = probe.largestSingularValue(w, i);
        }
        return sigmas;
    }
}
