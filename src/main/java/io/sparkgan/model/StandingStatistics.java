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
 * (pooled: var_c = E[x^2] - mu_c^2 over the N H W values of every batch, summed in double); a copy of G then
 * normalises with those fixed values. In the copy a row's output depends on that row alone, as with dcgan's running
 * statistics, so a sample is the same whichever batch or partition it is drawn in.
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
                            moments.get(i).add(new Moments(normalised.get(k).size(1)));
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

    /** Per-channel sums of x and x^2 over dimensions 0, 2, 3 of arrays [N, C, H, W], in double. */
    private static final class Moments {
        private final double[] sum;
        private final double[] squares;
        private long count;

        Moments(long channels) {
            sum = new double[(int) channels];
            squares = new double[(int) channels];
        }

        void add(INDArray x) {
            INDArray d = x.castTo(DataType.DOUBLE);
            double[] s = d.sum(0, 2, 3).toDoubleVector();
            double[] q = d.mul(d).sum(0, 2, 3).toDoubleVector();
            for (int c = 0; c < sum.length; c++) {
                sum[c] += s[c];
                squares[c] += q[c];
            }
            count += x.length() / sum.length;
        }

        double[] mean() {
            double[] mean = new double[sum.length];
            for (int c = 0; c < mean.length; c++) {
                mean[c] = sum[c] / count;
            }
            return mean;
        }

        /** E[x^2] - mu^2 (biased, as the layers' batch statistics). */
        double[] variance() {
            double[] mean = mean();
            double[] variance = new double[sum.length];
            for (int c = 0; c < variance.length; c++) {
                variance[c] = Math.max(0, squares[c] / count - mean[c] * mean[c]);
            }
            return variance;
        }
    }
}
