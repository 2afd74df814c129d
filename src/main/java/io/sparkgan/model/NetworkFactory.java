package io.sparkgan.model;

import io.sparkgan.config.AdamConfig;
import io.sparkgan.config.ModelConfig;
import io.sparkgan.config.TrainConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;

/** Builds and initialises G and D for the configured model and data shape. */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /**
     * @param sampleShape [2] for points, [C, H, W] for images
     * @param seed        weight-init seed (G and D get different streams derived from it)
     */
    public static GanNetworks create(ModelConfig model, TrainConfig train, long[] sampleShape, long seed) {
        GanNetworks nets = switch (model.type()) {
            case "mlp" -> MlpNetworks.create(model, sampleShape,
                    base(seed * 31 + 1, train.generator()), base(seed * 31 + 2, train.discriminator()));
            case "dcgan" -> DcganNetworks.create(model, sampleShape,
                    base(seed * 31 + 1, train.generator()), base(seed * 31 + 2, train.discriminator()));
            default -> throw new IllegalArgumentException("unknown model type " + model.type());
        };
        nets.generator().init();
        nets.discriminator().init();
        return nets;
    }

    private static NeuralNetConfiguration.Builder base(long seed, AdamConfig adam) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(adam.learningRate(), adam.beta1(), adam.beta2(), 1e-8));
    }

}
