package io.sparkgan.model;

import io.sparkgan.config.ActivationImplementation;
import io.sparkgan.config.DiscriminatorNorm;
import io.sparkgan.config.LayerImplementation;
import io.sparkgan.config.ModelConfig;
import io.sparkgan.model.layers.Convolution;
import io.sparkgan.model.layers.OnednnBatchNormalization;
import io.sparkgan.model.layers.VectorisedLeakyReLU;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;

/**
 * DCGAN (Radford et al. 2016) for square images, weights drawn from N(0, 0.02).
 * With S the start size (7 for 28x28, 4 for 32x32 and 64x64), u = log2(size / S) up-samplings, and
 * w the base width:
 * G: z [B, n] -> dense -> [B, S*S*w*2^(u-1)], BN, ReLU -> reshape [B, w*2^(u-1), S, S]
 * -> u-1 times (deconv 4x4 stride 2 pad 1, halving channels, BN, ReLU) -> deconv 4x4/2 to [B, C, size, size], tanh.
 * D: x [B, C, size, size] -> conv 4x4/2 to w channels, LeakyReLU 0.2 (no BN)
 * -> u-1 times (conv 4x4/2 doubling channels, BN unless model.dcgan.discriminator-norm = none, LeakyReLU 0.2)
 * -> dense [B, S*S*w*2^(u-1)] -> 1 logit.
 * For 28x28x1 and w = 64 this is exactly DESIGN §6's dcgan28: dense 64 -> 7*7*128; deconv -> 64x14x14;
 * deconv -> 1x28x28; conv 1->64 (14x14); conv 64->128 (7x7) + BN; dense 6272 -> 1.
 * D's convolutions are {@link Convolution} layers over ND4J's conv2d op (oneDNN) with
 * model.dcgan.convolution = onednn, DL4J's ConvolutionLayer with dl4j; both compute the same function, with
 * weights laid out [k, k, C, C'] and [C', C, k, k]. With onednn and no batch norm the LeakyReLU is fused into the
 * convolution layer. Batch norm is {@link OnednnBatchNormalization} (libnd4j's batchnorm ops) with
 * model.dcgan.batch-norm = onednn, DL4J's BatchNormalization with dl4j: the same function and parameters. ReLU and
 * LeakyReLU are {@link VectorisedLeakyReLU} with model.dcgan.activations = vectorised, DL4J's with dl4j.
 */
final class DcganNetworks {
    private static final double INIT_STD = 0.02;
    private static final double LEAK = 0.2;

    private DcganNetworks() {
    }

    static GanNetworks create(ModelConfig model, long[] sampleShape, Conditioning conditioning,
                              NeuralNetConfiguration.Builder gBase, NeuralNetConfiguration.Builder dBase) {
        SquareImages shape = SquareImages.of("dcgan", sampleShape);
        int channels = shape.channels();
        int size = shape.size();
        int start = shape.start();
        int upsamplings = shape.doublings();
        int w = model.dcganBaseWidth();
        int deepest = w << (upsamplings - 1);
        boolean onednnBatchNorm = model.dcganBatchNorm() == LayerImplementation.ONEDNN;
        boolean vectorised = model.dcganActivations() == ActivationImplementation.VECTORISED;

        NeuralNetConfiguration.ListBuilder g = gBase.weightInit(new NormalDistribution(0, INIT_STD)).list();
        g.layer(new DenseLayer.Builder().nOut((long) start * start * deepest).activation(Activation.IDENTITY).build());
        g.layer(batchNorm(onednnBatchNorm));
        g.layer(activation(vectorised, 0));
        int firstDeconv = 3;
        int ch = deepest;
        for (int i = 0; i < upsamplings - 1; i++) {
            ch /= 2;
            g.layer(new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(ch)
                    .activation(Activation.IDENTITY).build());
            g.layer(batchNorm(onednnBatchNorm));
            g.layer(activation(vectorised, 0));
        }
        g.layer(new Deconvolution2D.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(channels)
                .activation(Activation.TANH).build());
        g.inputPreProcessor(firstDeconv, new FeedForwardToCnnPreProcessor(start, start, deepest));
        g.setInputType(InputType.feedForward(conditioning.generatorInputs(model.latentDim())));

        NeuralNetConfiguration.ListBuilder d = dBase.weightInit(new NormalDistribution(0, INIT_STD)).list();
        boolean onednn = model.dcganConvolution() == LayerImplementation.ONEDNN;
        boolean batchNorm = model.dcganDiscriminatorNorm() == DiscriminatorNorm.BATCH;
        d.layer(downsampling(onednn, vectorised, w, true));
        ch = w;
        for (int i = 0; i < upsamplings - 1; i++) {
            ch *= 2;
            boolean fused = onednn && !batchNorm;
            d.layer(downsampling(onednn, vectorised, ch, fused));
            if (batchNorm) {
                d.layer(batchNorm(onednnBatchNorm));
            }
            if (!fused) {
                d.layer(activation(vectorised, LEAK));
            }
        }
        d.layer(new DenseLayer.Builder().nOut(conditioning.discriminatorOutputs()).activation(Activation.IDENTITY).build());
        d.setInputType(InputType.convolutional(size, size, channels + conditioning.discriminatorExtraInputs()));
        return new GanNetworks(new MultiLayerNetwork(g.build()), new MultiLayerNetwork(d.build()));
    }

    /** Batch normalisation with DL4J's defaults (decay 0.9, eps 1e-5, the running std kept as log10). */
    private static BatchNormalization batchNorm(boolean onednn) {
        return onednn ? new OnednnBatchNormalization() : new BatchNormalization.Builder().build();
    }

    /** LeakyReLU of slope {@code alpha} (ReLU for 0) as a layer of its own. */
    private static ActivationLayer activation(boolean vectorised, double alpha) {
        IActivation f = vectorised ? new VectorisedLeakyReLU(alpha)
                : alpha == 0 ? new ActivationReLU() : new ActivationLReLU(alpha);
        return new ActivationLayer.Builder().activation(f).build();
    }

    /** A 4x4 stride-2 convolution with padding 1 to {@code channels}: [B, C, s, s] -> [B, channels, s/2, s/2]. */
    private static org.deeplearning4j.nn.conf.layers.Layer downsampling(boolean onednn, boolean vectorised,
                                                                        int channels, boolean leaky) {
        if (onednn) {
            Convolution c = new Convolution(4, 2, 1, channels, leaky ? "lrelu" : "identity");
            return vectorised ? c : c.withDl4jActivation();
        }
        return new ConvolutionLayer.Builder(4, 4).stride(2, 2).padding(1, 1).nOut(channels)
                .activation(leaky ? new ActivationLReLU(LEAK) : Activation.IDENTITY.getActivationFunction()).build();
    }
}
