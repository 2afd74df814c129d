package io.sparkgan.model;

import io.sparkgan.model.layers.BatchCoupled;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * BigGAN's standing statistics (Brock et al. 2019) for a generator whose batch norms use the statistics of the batch
 * they are given ({@link BatchCoupled} layers: resnet's G). G is run on fixed inputs in batches, as training runs it;
 * each batch norm's per-channel mean mu_c and biased variance var_c are measured over all rows of all batches
 * (pooled from each batch's moments, in double); a copy of G then normalises with those fixed values. In the copy a
 * row's output depends on that row alone, as with dcgan's running statistics, so a sample is the same whichever
 * batch or partition it is drawn in.
 */
public final class StandingStatistics {
    private StandingStatistics() {
    }

    /** Whether {@code generator} has layers that normalise with the batch's own statistics. */
    public static boolean needed(MultiLayerNetwork generator) {
        for (org.deeplearning4j.nn.api.Layer layer : generator.getLayers()) {
            if (layer.conf().getLayer() instanceof BatchCoupled) {
                return true;
            }
        }
        return false;
    }

    /**
     * A copy of {@code generator} (same parameters, copied) whose batch norms use the statistics measured on
     * {@code inputs} [M, n (+ K)], fed in batches of {@code batch} rows (the last may be shorter).
     */
    public static MultiLayerNetwork apply(MultiLayerNetwork generator, INDArray inputs, int batch) {
        int layers = generator.getnLayers();
        List<List<Moments>> moments = new ArrayList<>();     // per layer, per batch norm of the layer
        for (int i = 0; i < layers; i++) {
            moments.add(new ArrayList<>());
        }
        long m = inputs.size(0);
        for (long from = 0; from < m; from += batch) {
            INDArray rows = inputs.get(NDArrayIndex.interval(from, Math.min(m, from + batch)), NDArrayIndex.all());
            List<INDArray> activations = generator.feedForward(rows, false);   // [input, output of layer 0, ...]
            for (int i = 0; i < layers; i++) {
                if (generator.getLayer(i).conf().getLayer() instanceof BatchCoupled coupled) {
                    INDArray in = layerInput(generator, i, activations.get(i));
                    List<INDArray> normalised = coupled.normalisedInputs(in, generator.getLayer(i).paramTable());
                    for (int k = 0; k < normalised.size(); k++) {
                        if (moments.get(i).size() == k) {
                            moments.get(i).add(new Moments());
                        }
                        moments.get(i).get(k).add(normalised.get(k));
                    }
                }
            }
        }
        MultiLayerConfiguration conf = generator.getLayerWiseConfigurations().clone();
        for (int i = 0; i < layers; i++) {
            NeuralNetConfiguration layerConf = conf.getConf(i);
            if (layerConf.getLayer() instanceof BatchCoupled coupled) {
                List<double[]> means = moments.get(i).stream().map(Moments::mean).toList();
                List<double[]> variances = moments.get(i).stream().map(Moments::variance).toList();
                layerConf.setLayer(coupled.withStatistics(means, variances));
            }
        }
        MultiLayerNetwork copy = new MultiLayerNetwork(conf);
        copy.init(generator.params(), true);
        return copy;
    }

    /** Layer i's input: the activation below it, through the layer's input preprocessor if it has one. */
    private static INDArray layerInput(MultiLayerNetwork net, int i, INDArray below) {
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
        return pre == null ? below : pre.preProcess(below, (int) below.size(0), LayerWorkspaceMgr.noWorkspaces());
    }

    /**
     * Per-channel moments pooled over batches: each batch's mean m_b and biased variance v_b over dimensions 0, 2, 3
     * of [N, C, H, W] come from ND4J in the array's type; with n_b values per channel, the pooled mean is
     * mu = sum_b n_b m_b / n and the pooled variance sum_b n_b (v_b + (m_b - mu)^2) / n, summed in double.
     */
    private static final class Moments {
        private final List<double[]> means = new ArrayList<>();
        private final List<double[]> variances = new ArrayList<>();
        private final List<Long> counts = new ArrayList<>();

        void add(INDArray x) {
            means.add(x.mean(0, 2, 3).castTo(DataType.DOUBLE).toDoubleVector());
            variances.add(x.var(false, 0, 2, 3).castTo(DataType.DOUBLE).toDoubleVector());
            counts.add(x.length() / x.size(1));
        }

        double[] mean() {
            double[] mean = new double[means.get(0).length];
            long n = counts.stream().mapToLong(Long::longValue).sum();
            for (int b = 0; b < means.size(); b++) {
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += counts.get(b) * means.get(b)[c] / n;
                }
            }
            return mean;
        }

        /** The pooled biased variance, as the layers' batch statistics are biased. */
        double[] variance() {
            double[] mean = mean();
            double[] variance = new double[mean.length];
            long n = counts.stream().mapToLong(Long::longValue).sum();
            for (int b = 0; b < means.size(); b++) {
                for (int c = 0; c < mean.length; c++) {
                    double offset = means.get(b)[c] - mean[c];
                    variance[c] += counts.get(b) * (variances.get(b)[c] + offset * offset) / n;
                }
            }
            return variance;
        }
    }
}
