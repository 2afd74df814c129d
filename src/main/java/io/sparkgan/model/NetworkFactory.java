package io.sparkgan.model;

import io.sparkgan.config.ModelConfig;
import io.sparkgan.config.ModelType;
import io.sparkgan.config.OptimizerConfig;
import io.sparkgan.config.TrainConfig;
import io.sparkgan.model.layers.SameDiffGradients;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/** Builds and initialises G and D for the configured model and data shape. */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /**
     * @param sampleShape [2] for points, [C, H, W] for images
     * @param seed        weight-init seed (G and D get different streams derived from it)
     */
    public static GanNetworks create(ModelConfig model, TrainConfig train, long[] sampleShape, long seed) {
        return create(model, train, sampleShape, seed, Conditioning.NONE);
    }

    /** @param conditioning how the class enters G and D ({@link Conditioning#NONE} for an unconditional GAN) */
    public static GanNetworks create(ModelConfig model, TrainConfig train, long[] sampleShape, long seed,
                                     Conditioning conditioning) {
        GanNetworks nets = switch (model.type()) {
            case MLP -> MlpNetworks.create(model, sampleShape, conditioning,
                    base(seed * 31 + 1, train.generator()), base(seed * 31 + 2, train.discriminator()));
            case DCGAN -> DcganNetworks.create(model, sampleShape, conditioning,
                    base(seed * 31 + 1, train.generator()), base(seed * 31 + 2, train.discriminator()));
            case RESNET -> ResnetNetworks.create(model, sampleShape, conditioning,
                    base(seed * 31 + 1, train.generator()), base(seed * 31 + 2, train.discriminator()));
            case LINEAR -> LinearNetworks.create(model, optimizer(train.generator()),
                    optimizer(train.discriminator()));
        };
        nets.generator().init();
        nets.discriminator().init();
        if (model.type().images()) {
            // SameDiff layers build their backward graph now, without SameDiff's console lines
            long[] dInput = sampleShape.clone();
            dInput[0] += conditioning.discriminatorExtraInputs();
            SameDiffGradients.prepareQuietly(nets.discriminator(), dInput);
            SameDiffGradients.prepareQuietly(nets.generator(), new long[]{conditioning.generatorInputs(model.latentDim())});
        }
        if (model.type() == ModelType.LINEAR) {
            LinearNetworks.start(nets, model);
        }
        return nets;
    }

    private static NeuralNetConfiguration.Builder base(long seed, OptimizerConfig optimizer) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(optimizer(optimizer));
    }

    /** Adam (epsilon 1e-8) or plain gradient descent. */
    static IUpdater optimizer(OptimizerConfig optimizer) {
        return switch (optimizer.optimizer()) {
            case ADAM -> new Adam(optimizer.learningRate(), optimizer.beta1(), optimizer.beta2(), 1e-8);
            case SGD -> new Sgd(optimizer.learningRate());
        };
    }

}
