package io.sparkgan.model.layers;

import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.List;

/**
 * An image layer with batch normalisations ({@link BatchCoupled}): on the batch's statistics as built for training,
 * or on fixed ones in a copy made by {@link #withStatistics}. The fixed statistics are bean properties (one [C_k]
 * row per batch norm k), so DL4J's JSON keeps them; null in the networks training builds.
 */
public abstract class BatchNormalisedLayer extends ImageLayer implements BatchCoupled {
    private double[][] standingMeans;
    private double[][] standingVariances;

    @Override
    public Layer withStatistics(List<double[]> means, List<double[]> variances) {
        if (means.size() != variances.size()) {
            throw new IllegalArgumentException(means.size() + " means but " + variances.size() + " variances");
        }
        BatchNormalisedLayer copy = (BatchNormalisedLayer) clone();
        copy.standingMeans = means.stream().map(double[]::clone).toArray(double[][]::new);
        copy.standingVariances = variances.stream().map(double[]::clone).toArray(double[][]::new);
        return copy;
    }

    /** {means, variances}, each [k][C_k], for ResidualOps.batchNormalise; null on batch statistics. */
    double[][][] standing() {
        return standingMeans == null ? null : new double[][][]{standingMeans, standingVariances};
    }

    public double[][] getStandingMeans() {
        return standingMeans;
    }

    public void setStandingMeans(double[][] standingMeans) {
        this.standingMeans = standingMeans;
    }

    public double[][] getStandingVariances() {
        return standingVariances;
    }

    public void setStandingVariances(double[][] standingVariances) {
        this.standingVariances = standingVariances;
    }
}
