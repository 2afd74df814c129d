package io.sparkgan.model;

import io.sparkgan.config.CycleConfig;
import io.sparkgan.config.TrainConfig;
import io.sparkgan.model.layers.Convolution;
import io.sparkgan.model.layers.InstanceNormalization;
import io.sparkgan.model.layers.ResidualBlock;
import io.sparkgan.model.layers.SameDiffGradients;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

/**
 * CycleGAN's four networks (Zhu et al. 2017), scaled to images of 28 to 64 pixels, with w the generator width:
 * G: x [N, C, H, W] -> conv 7x7/1 pad 3 to w, IN, ReLU -> conv 4x4/2 pad 1 to 2w [H/2], IN, ReLU
 * -> R residual blocks (2w) -> deconv 4x4/2 pad 1 to w [H], IN, ReLU -> conv 7x7/1 pad 3 to C, tanh: [N, C, H, W].
 * D (PatchGAN), with v the discriminator width: conv 4x4/2 pad 1 to v, LeakyReLU 0.2 -> conv 4x4/2 pad 1 to 2v,
 * IN, LeakyReLU 0.2 -> conv 3x3/1 pad 1 to 1: a score per patch [N, 1, H/4, W/4] (7 x 7 for 28-pixel images,
 * each seeing a 22 x 22 pixel patch). Convolution weights from N(0, 0.02^2). The convolutions are
 * {@link Convolution} layers (ND4J's conv2d op, which runs oneDNN), the up-sampling DL4J's Deconvolution2D.
 * The run's GanState holds (G_AB, D_B) as its forward networks and (G_BA, D_A) as the reverse ones.
 */
public final class CycleNetworks {
    private static final double INIT_STD = 0.02;
    private static final double LEAK = 0.2;

    private CycleNetworks() {
    }

    /** (G_AB, D_B): translates A to B, and judges B. */
    public static GanNetworks forward(CycleConfig cycle, TrainConfig train, long[] sampleShape, long seed) {
        return pair(cycle, train, sampleShape, seed * 31 + 1, seed * 31 + 2);
    }

    /** (G_BA, D_A): translates B to A, and judges A. */
    public static GanNetworks reverse(CycleConfig cycle, TrainConfig train, long[] sampleShape, long seed) {
        return pair(cycle, train, sampleShape, seed * 31 + 3, seed * 31 + 4);
    }

    private static GanNetworks pair(CycleConfig cycle, TrainConfig train, long[] shape, long gSeed, long dSeed) {
        if (shape.length != 3 || shape[1] % 4 != 0 || shape[2] % 4 != 0) {
            throw new IllegalArgumentException("CycleGAN needs images [C, H, W] with H and W multiples of 4, got "
                    + java.util.Arrays.toString(shape));
        }
        MultiLayerNetwork g = new MultiLayerNetwork(generator(cycle, shape, base(gSeed, train.generator())).build());
        MultiLayerNetwork d = new MultiLayerNetwork(discriminator(cycle, shape, base(dSeed, train.discriminator())).build());
        g.init();
        d.init();
        SameDiffGradients.prepareQuietly(g, shape);
        SameDiffGradients.prepareQuietly(d, shape);
        return new GanNetworks(g, d);
    }

    private static NeuralNetConfiguration.ListBuilder generator(CycleConfig cycle, long[] shape,
                                                                NeuralNetConfiguration.Builder base) {
        int w = cycle.generatorWidth();
        NeuralNetConfiguration.ListBuilder g = base.list();
        g.layer(new Convolution(7, 1, 3, w, "identity"));
        normalisedRelu(g);
        g.layer(new Convolution(4, 2, 1, 2 * w, "identity"));
        normalisedRelu(g);
        for (int i = 0; i < cycle.residualBlocks(); i++) {
            g.layer(new ResidualBlock());
        }
        g.layer(new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(w)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build());
        normalisedRelu(g);
        g.layer(new Convolution(7, 1, 3, shape[0], "tanh"));
        g.setInputType(InputType.convolutional(shape[1], shape[2], shape[0]));
        return g;
    }

    private static NeuralNetConfiguration.ListBuilder discriminator(CycleConfig cycle, long[] shape,
                                                                    NeuralNetConfiguration.Builder base) {
        int v = cycle.discriminatorWidth();
        NeuralNetConfiguration.ListBuilder d = base.list();
        d.layer(new Convolution(4, 2, 1, v, "lrelu"));
        d.layer(new Convolution(4, 2, 1, 2 * v, "identity"));
        d.layer(new InstanceNormalization());
        d.layer(new ActivationLayer.Builder().activation(new ActivationLReLU(LEAK)).build());
        d.layer(new Convolution(3, 1, 1, 1, "identity"));
        d.setInputType(InputType.convolutional(shape[1], shape[2], shape[0]));
        return d;
    }


    private static void normalisedRelu(NeuralNetConfiguration.ListBuilder net) {
        net.layer(new InstanceNormalization());
        net.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
    }

    private static NeuralNetConfiguration.Builder base(long seed, io.sparkgan.config.OptimizerConfig optimizer) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(NetworkFactory.optimizer(optimizer))
                .weightInit(new NormalDistribution(0, INIT_STD));
    }
}
