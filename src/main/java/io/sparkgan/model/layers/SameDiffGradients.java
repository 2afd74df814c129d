package io.sparkgan.model.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * Two workarounds for DL4J 1.0.0-M2.1's SameDiff layers. First, a correction for DL4J 1.0.0-M2.1's SameDiffLayer inside a MultiLayerNetwork: its backward pass returns twice
 * the true gradient, for the parameters and for the epsilon it passes down alike (measured: every parameter's
 * gradient and the input gradient at exactly 2x the central difference, compounding layer by layer).
 * A layer's output y is therefore returned as 0.5 y + 0.5 stop_gradient(y): the same value, half the gradient.
 * InstanceNormalizationTest checks the result against central finite differences, so a DL4J version without the
 * doubling fails that test instead of training at half the gradient.
 */
public final class SameDiffGradients {
    private SameDiffGradients() {
    }

    /**
     * Second: SameDiff prints a line "Added differentiated op ..." to System.out for every op when a layer builds
     * its backward graph, at its first backward pass. This runs that first pass at construction, on one image of
     * zeros [1, C, H, W], with those lines, and only those, dropped from System.out. The parameters are restored
     * afterwards (a training-mode pass moves batch normalisation's running statistics). Nothing happens for a
     * network without SameDiff layers.
     */
    public static synchronized void prepareQuietly(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net,
                                                   long[] sampleShape) {
        boolean sameDiff = false;
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            sameDiff |= layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
        }
        if (!sameDiff) {
            return;
        }
        org.nd4j.linalg.api.ndarray.INDArray before = net.params().dup();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') {
                    String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
                    line.reset();
                    if (!text.startsWith("Added differentiated op")) {
                        original.print(text);
                    }
                }
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            long[] shape = new long[sampleShape.length + 1];
            shape[0] = 1;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            net.setInput(org.nd4j.linalg.factory.Nd4j.zeros(net.params().dataType(), shape));
            java.util.List<org.nd4j.linalg.api.ndarray.INDArray> activations = net.feedForward(true, false);
            org.nd4j.linalg.api.ndarray.INDArray output = activations.get(activations.size() - 1);
            if (net.getOutputLayer() instanceof org.deeplearning4j.nn.api.layers.IOutputLayer) {
                net.setLabels(org.nd4j.linalg.factory.Nd4j.zerosLike(output));   // a loss layer ends the network
                net.computeGradientAndScore();
            } else {
                net.backpropGradient(output.dup(), org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
            }
            net.clear();
            net.params().assign(before);
        } finally {
            System.out.flush();
            System.setOut(original);
        }
    }

    static SDVariable halved(SameDiff sd, SDVariable y) {
        SDVariable constant = new StopGradient(sd, y).outputVariable();
        return y.mul(0.5).add(constant.mul(0.5));
    }
}
