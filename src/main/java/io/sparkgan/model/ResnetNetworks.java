package io.sparkgan.model;

import io.sparkgan.config.ModelConfig;
import io.sparkgan.model.layers.NormalisedConvolution;
import io.sparkgan.model.layers.ResidualDownBlock;
import io.sparkgan.model.layers.ResidualUpBlock;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * SNGAN's residual networks (Miyato et al. 2018, after Mimicry's SNGAN 32 and 64) for square images of 28, 32 or 64
 * pixels, C channels. With S the start size (7 for 28, else 4) and u = log2(size / S) up-blocks:
 * <pre>
 *   G: z [B, n] -> dense [B, S S c_0] -> reshape [B, c_0, S, S] -> u x ResidualUpBlock (c_i -> c_{i+1}, size x 2)
 *      -> NormalisedConvolution (BN, ReLU, conv3x3 to C, tanh) [B, C, size, size]
 *   D: x [B, C, size, size] -> ResidualDownBlock(first, pooling) -> more down-blocks -> ReLU -> sum over positions
 *      [B, c] -> dense to 1 (1 + K for the projection of a conditional model)
 * </pre>
 * 28 and 32 px: every G block has generator-width channels and every D block discriminator-width; D pools in its
 * first two blocks (28 -> 14 -> 7, 32 -> 16 -> 8) and has two more blocks without pooling (Mimicry's SNGAN 32).
 * 64 px: G's blocks have 8w, 4w, 2w, w channels after a start of 8w (w = generator-width), D's four pooling blocks
 * w, 2w, 4w, 8w (64 -> 4). The dense layers start from Glorot's normal initialisation, the blocks as their classes say.
 * Spectral normalisation of every D weight and the hinge loss come from loss.lipschitz = spectral and
 * loss.family = hinge (conf/fashion-resnet28.conf).
 */
final class ResnetNetworks {
    private ResnetNetworks() {
    }

    static GanNetworks create(ModelConfig model, long[] sampleShape, Conditioning conditioning,
                              NeuralNetConfiguration.Builder gBase, NeuralNetConfiguration.Builder dBase) {
        SquareImages shape = SquareImages.of("resnet", sampleShape);
        int channels = shape.channels();
        int size = shape.size();
        int start = shape.start();
        int upBlocks = shape.doublings();
        boolean wide = size == 64;
        int gw = model.resnetGeneratorWidth();
        int dw = model.resnetDiscriminatorWidth();

        NeuralNetConfiguration.ListBuilder g = gBase.weightInit(WeightInit.XAVIER).list();
        int startChannels = wide ? gw << (upBlocks - 1) : gw;
        g.layer(new DenseLayer.Builder().nOut((long) start * start * startChannels).activation(Activation.IDENTITY)
                .build());
        for (int i = 0; i < upBlocks; i++) {
            g.layer(new ResidualUpBlock(wide ? gw << (upBlocks - 1 - i) : gw));
        }
        g.layer(new NormalisedConvolution(channels));
        g.inputPreProcessor(1, new FeedForwardToCnnPreProcessor(start, start, startChannels));
        g.setInputType(InputType.feedForward(conditioning.generatorInputs(model.latentDim())));

        NeuralNetConfiguration.ListBuilder d = dBase.weightInit(WeightInit.XAVIER).list();
        if (wide) {
            for (int i = 0; i < 4; i++) {
                d.layer(new ResidualDownBlock((long) dw << i, i == 0, true));
            }
        } else {
            d.layer(new ResidualDownBlock(dw, true, true));
            d.layer(new ResidualDownBlock(dw, false, true));
            d.layer(new ResidualDownBlock(dw, false, false));
            d.layer(new ResidualDownBlock(dw, false, false));
        }
        d.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
        d.layer(new GlobalPoolingLayer.Builder(PoolingType.SUM).build());
        d.layer(new DenseLayer.Builder().nOut(conditioning.discriminatorOutputs()).activation(Activation.IDENTITY).build());
        d.setInputType(InputType.convolutional(size, size, channels + conditioning.discriminatorExtraInputs()));
        return new GanNetworks(new MultiLayerNetwork(g.build()), new MultiLayerNetwork(d.build()));
    }
}
