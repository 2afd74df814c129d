package io.sparkgan.spark;

import io.sparkgan.config.OuterConfig;
import io.sparkgan.train.GanState;
import io.sparkgan.train.OuterState;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The outer optimizer of the Spark engine's rounds (spark.outer.optimizer; DiLoCo, Douillard et al. 2023; FedOpt,
 * Reddi et al. 2021). A round starts every partition from the driver's parameters theta and ends with their weighted
 * mean theta_bar (the plain average, {@link StateSum}); the mean change Delta = theta - theta_bar is then treated as a
 * gradient, one per network, with the outer state u, m, v kept on the driver ({@link OuterState}):
 * <pre>
 *   nesterov:  u <- mu u + Delta;               theta <- theta - eta (mu u + Delta)
 *   adam:      m <- b1 m + (1 - b1) Delta;      v <- b2 v + (1 - b2) Delta^2;  t <- t + 1
 *              theta <- theta - eta m_hat / (sqrt(v_hat) + eps),   m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t)
 * </pre>
 * (eta = 1, mu = 0 is the plain mean in exact arithmetic; {@code average} keeps today's path, bit for bit.) Batch
 * normalisation's running means and variances are statistics, not trained parameters: they take the mean. Adam's
 * inner m and v, the EMA and spectral vectors are averaged as with {@code average}. Arithmetic is in double, in
 * array order, on the driver: a retried task cannot change it.
 */
final class OuterOptimizer {
    private final OuterConfig settings;
    /** Per network: true where the flattened parameter is a batch-norm running statistic. */
    private final Map<OuterState.Network, boolean[]> statistics = new EnumMap<>(OuterState.Network.class);

    OuterOptimizer(OuterConfig settings, GanState state) {
        this.settings = settings;
        statistics.put(OuterState.Network.GENERATOR, runningStatistics(state.generator()));
        statistics.put(OuterState.Network.DISCRIMINATOR, runningStatistics(state.discriminator()));
        if (state.isCycle()) {
            statistics.put(OuterState.Network.REVERSE_GENERATOR, runningStatistics(state.reverse().generator()));
            statistics.put(OuterState.Network.REVERSE_DISCRIMINATOR, runningStatistics(state.reverse().discriminator()));
        }
    }

    /** Rows of the outer state's buffers: Nesterov's u, or Adam's m and v. */
    static int bufferRows(OuterConfig settings) {
        return switch (settings.optimizer()) {
            case NESTEROV -> 1;
            case ADAM -> 2;
            case AVERAGE -> 0;
        };
    }

    /** Replaces the mean's parameters of every network by the outer step from {@code before}'s. */
    void step(OuterState outer, GanSnapshot before, GanSnapshot mean) {
        outer.countStep();
        for (Map.Entry<OuterState.Network, INDArray> e : outer.buffers().entrySet()) {
            GanSnapshot.Part part = parameters(e.getKey());
            float[] theta = before.array(part);
            float[] next = mean.array(part);
            INDArray buffer = e.getValue();
            float[][] rows = new float[(int) buffer.rows()][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = buffer.getRow(r).toFloatVector();
            }
            update(theta, next, statistics.get(e.getKey()), rows, outer.stepCount());
            for (int r = 0; r < rows.length; r++) {
                buffer.getRow(r).assign(Nd4j.createFromArray(rows[r]));
            }
        }
    }

    /**
     * One network: {@code next} holds theta_bar on entry and the new theta on return.
     *
     * @param statistic where true, the parameter takes the mean and its buffers stay
     * @param buffers   [u] or [m, v], updated in place
     * @param t         the outer step's number, from 1
     */
    void update(float[] theta, float[] next, boolean[] statistic, float[][] buffers, long t) {
        double eta = settings.learningRate();
        switch (settings.optimizer()) {
            case NESTEROV -> {
                double mu = settings.momentum();
                float[] u = buffers[0];
                for (int i = 0; i < theta.length; i++) {
                    if (statistic[i]) {
                        continue;
                    }
                    double delta = (double) theta[i] - next[i];
                    double ui = mu * u[i] + delta;
                    u[i] = (float) ui;
                    next[i] = (float) (theta[i] - eta * (mu * ui + delta));
                }
            }
            case ADAM -> {
                double b1 = settings.beta1();
                double b2 = settings.beta2();
                double eps = settings.epsilon();
                double correction1 = 1 - Math.pow(b1, t);
                double correction2 = 1 - Math.pow(b2, t);
                float[] m = buffers[0];
                float[] v = buffers[1];
                for (int i = 0; i < theta.length; i++) {
                    if (statistic[i]) {
                        continue;
                    }
                    double delta = (double) theta[i] - next[i];
                    double mi = b1 * m[i] + (1 - b1) * delta;
                    double vi = b2 * v[i] + (1 - b2) * delta * delta;
                    m[i] = (float) mi;
                    v[i] = (float) vi;
                    next[i] = (float) (theta[i] - eta * (mi / correction1) / (Math.sqrt(vi / correction2) + eps));
                }
            }
            case AVERAGE -> {
                // the mean stays
            }
        }
    }

    private static GanSnapshot.Part parameters(OuterState.Network network) {
        return switch (network) {
            case GENERATOR -> GanSnapshot.Part.GENERATOR_PARAMETERS;
            case DISCRIMINATOR -> GanSnapshot.Part.DISCRIMINATOR_PARAMETERS;
            case REVERSE_GENERATOR -> GanSnapshot.Part.REVERSE_GENERATOR_PARAMETERS;
            case REVERSE_DISCRIMINATOR -> GanSnapshot.Part.REVERSE_DISCRIMINATOR_PARAMETERS;
        };
    }

    /**
     * The batch-norm running statistics among a network's flattened parameters (DL4J keeps them there): each
     * parameter is a view of the flat vector, so its place is its offset in the shared buffer.
     */
    static boolean[] runningStatistics(MultiLayerNetwork net) {
        INDArray flat = net.params();
        boolean[] mask = new boolean[(int) flat.length()];
        Set<String> keys = Set.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        for (Layer layer : net.getLayers()) {
            if (!(layer.conf().getLayer() instanceof BatchNormalization)) {
                continue;
            }
            for (Map.Entry<String, INDArray> p : layer.paramTable().entrySet()) {
                if (keys.contains(p.getKey())) {
                    long from = p.getValue().offset() - flat.offset();
                    for (long i = from; i < from + p.getValue().length(); i++) {
                        mask[(int) i] = true;
                    }
                }
            }
        }
        return mask;
    }
}
