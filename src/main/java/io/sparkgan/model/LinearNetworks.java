package io.sparkgan.model;

import io.sparkgan.config.ModelConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The Dirac-GAN of Mescheder, Geiger and Nowozin 2018 ("Which training methods for GANs do actually
 * converge?", section 2.2): data all at 0 in R^1, G(z) = theta, D(x) = psi x. With the loss f(psi theta) + f(0)
 * the only equilibrium is (theta, psi) = (0, 0); with the Wasserstein loss the value is psi theta, the notes'
 * v(a, b) = ab.
 * G: z [B, n] -> frozen dense unit with weights 0 and no bias (so 0 [B, 1]) -> dense unit u * 0 + b, so
 * G(z) = b = theta; u multiplies 0, gets a zero gradient and stays 0 under every optimiser.
 * D: one dense unit without bias, x [B, 1] -> psi x [B, 1].
 */
public final class LinearNetworks {
    /** G's layer whose bias is theta. */
    private static final int THETA_LAYER = 1;
    private LinearNetworks() {
    }

    static GanNetworks create(ModelConfig model, IUpdater generatorOptimizer, IUpdater discriminatorOptimizer) {
        NeuralNetConfiguration.ListBuilder g = new NeuralNetConfiguration.Builder().updater(generatorOptimizer).list()
                .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY)
                        .hasBias(false).weightInit(WeightInit.ZERO).build()))
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).weightInit(WeightInit.ZERO)
                        .build())
                .setInputType(InputType.feedForward(model.latentDim()));
        NeuralNetConfiguration.ListBuilder d = new NeuralNetConfiguration.Builder().updater(discriminatorOptimizer)
                .list()
                .layer(new DenseLayer.Builder().nOut(1).activation(Activation.IDENTITY).hasBias(false)
                        .weightInit(WeightInit.ZERO).build())
                .setInputType(InputType.feedForward(1));
        return new GanNetworks(new MultiLayerNetwork(g.build()), new MultiLayerNetwork(d.build()));
    }

    /** Puts the initialised networks at the configured start (theta_0, psi_0). */
    static void start(GanNetworks nets, ModelConfig model) {
        nets.generator().getLayer(THETA_LAYER).getParam(DefaultParamInitializer.BIAS_KEY)
                .putScalar(0, model.linearGeneratorStart());
        nets.discriminator().getLayer(0).getParam(DefaultParamInitializer.WEIGHT_KEY)
                .putScalar(0, model.linearDiscriminatorStart());
    }

    /** theta of G(z) = theta. */
    public static double theta(MultiLayerNetwork generator) {
        return generator.getLayer(THETA_LAYER).getParam(DefaultParamInitializer.BIAS_KEY).getDouble(0);
    }

    /** psi of D(x) = psi x. */
    public static double psi(MultiLayerNetwork discriminator) {
        return discriminator.getLayer(0).getParam(DefaultParamInitializer.WEIGHT_KEY).getDouble(0);
    }
}
