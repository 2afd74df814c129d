package io.sparkgan.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.Deconvolution2DLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Floating-point operations of the networks' matrix work, per sample (multiply-adds count 2; activations and
 * batch norm, a few percent, are left out). Forward cost F of a layer: dense 2 * |W|; convolution (DL4J's or
 * the conv2d-op layer) 2 * |W| * Hout * Wout; transposed convolution 2 * |W| * Hin * Win. A backward pass costs
 * about 2F (input and weight gradients).
 */
public final class ModelFlops {
    private ModelFlops() {
    }

    /** Forward FLOPs of one sample through {@code net}, given one sample's input [1, ...]. */
    public static double forward(MultiLayerNetwork net, INDArray oneSample) {
        List<INDArray> acts = net.feedForward(oneSample, false);   // acts[i] is layer i's input, acts[i+1] its output
        double flops = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            INDArray w = layer.paramTable().get("W");
            if (w == null) {
                continue;
            }
            if (layer instanceof Deconvolution2DLayer) {
                // Hin x Win = (Hout / stride) x (Wout / stride); acts.get(i) may be pre-reshape [1, C*H*W].
                long[] out = acts.get(i + 1).shape();
                int[] stride = ((org.deeplearning4j.nn.conf.layers.Deconvolution2D) layer.conf().getLayer()).getStride();
                flops += 2.0 * w.length() * (out[2] / stride[0]) * (out[3] / stride[1]);
            } else if (layer instanceof ConvolutionLayer
                    || layer.conf().getLayer() instanceof io.sparkgan.model.layers.Convolution) {
                long[] out = acts.get(i + 1).shape();
                flops += 2.0 * w.length() * out[2] * out[3];
            } else if (layer instanceof DenseLayer) {
                flops += 2.0 * w.length();
            }
        }
        return flops;
    }

    /**
     * FLOPs of one training iteration per real sample, k = 1: the D step runs G forward (F_G) and D forward
     * and backward on the real and on the fake batch (6 F_D); the G step runs G forward and backward (3 F_G)
     * and D forward and backward to its input (3 F_D). Total 4 F_G + 9 F_D.
     */
    public static double perIteration(double generatorForward, double discriminatorForward) {
        return 4 * generatorForward + 9 * discriminatorForward;
    }
}
