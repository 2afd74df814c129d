package io.sparkgan.model;

import io.sparkgan.config.ModelConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

/**
 * Fully connected G and D for vector data.
 * G: z [B, n] -> (dense, ReLU) per generator width -> dense, identity -> x [B, d].
 * D: x [B, d] -> (dense, LeakyReLU 0.2) per discriminator width -> dense, identity -> score [B, 1].
 */
final class MlpNetworks {
    private MlpNetworks() {
    }

    static GanNetworks create(ModelConfig model, long[] sampleShape, Conditioning conditioning,
                              NeuralNetConfiguration.Builder gBase, NeuralNetConfiguration.Builder dBase) {
        int dataDim = (int) sampleShape[0];
        NeuralNetConfiguration.ListBuilder g = gBase.weightInit(WeightInit.RELU).list();
        for (int width : model.generatorWidths()) {
            g.layer(new DenseLayer.Builder().nOut(width).activation(Activation.RELU).build());
        }
        g.layer(new DenseLayer.Builder().nOut(dataDim).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build());
        g.setInputType(InputType.feedForward(conditioning.generatorInputs(model.latentDim())));

        NeuralNetConfiguration.ListBuilder d = dBase.weightInit(WeightInit.RELU).list();
        for (int width : model.discriminatorWidths()) {
            d.layer(new DenseLayer.Builder().nOut(width).activation(new ActivationLReLU(0.2)).build());
        }
        d.layer(new DenseLayer.Builder().nOut(conditioning.discriminatorOutputs()).activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER).build());
        d.setInputType(InputType.feedForward(dataDim + conditioning.discriminatorExtraInputs()));
        return new GanNetworks(new MultiLayerNetwork(g.build()), new MultiLayerNetwork(d.build()));
    }
}
