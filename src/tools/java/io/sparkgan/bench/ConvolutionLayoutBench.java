package io.sparkgan.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data-layout route of the speed issue: ND4J's conv2d and conv2d_bp custom ops (which the onednn builds of
 * libnd4j run through oneDNN) on the shapes of dcgan's D convolutions (4 x 4 kernels, stride 2, padding 1) in
 * NCHW [N, C, H, W] and in NHWC [N, H, W, C], the same weights [kH, kW, C_in, C_out] (the layer's YXIO) and
 * bias. One iteration is one forward and one backward pass (input, weight and bias gradients) of one layer;
 * the two layouts alternate in rounds so that the machine's drift hits both alike.
 */
public final class ConvolutionLayoutBench {
    private static final int KERNEL = 4;
    private static final int STRIDE = 2;
    private static final int PADDING = 1;

    /** One convolution layer of a dcgan critic: c_in x size x size -> c_out x size/2 x size/2. */
    record Layer(String model, int channelsIn, int size, int channelsOut) {
    }

    static final List<Layer> LAYERS = List.of(new Layer("dcgan28", 1, 28, 64), new Layer("dcgan28", 64, 14, 128),
            new Layer("dcgan64", 3, 64, 64), new Layer("dcgan64", 64, 32, 128), new Layer("dcgan64", 128, 16, 256),
            new Layer("dcgan64", 256, 8, 512));

    private final int batch;
    private final int rounds;
    private final int iterations;
    private final PrintStream out;

    /** {@code rounds} rounds of {@code iterations} passes in each layout, after 2 warm-up passes of each. */
    public ConvolutionLayoutBench(int batch, int rounds, int iterations, PrintStream out) {
        this.batch = batch;
        this.rounds = rounds;
        this.iterations = iterations;
        this.out = out;
    }

    /** Per layer: the median milliseconds of an iteration in each layout and NCHW's time over NHWC's. */
    public List<Map<String, Object>> run() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Layer layer : LAYERS) {
            Pass nchw = Pass.random(layer, batch, false);
            Pass nhwc = Pass.random(layer, batch, true);
            nchw.time(2);
            nhwc.time(2);
            double[] a = new double[rounds];
            double[] b = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                a[r] = nchw.time(iterations);
                b[r] = nhwc.time(iterations);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", layer.model());
            row.put("layer", layer.channelsIn() + "x" + layer.size() + "x" + layer.size() + " -> " + layer.channelsOut());
            row.put("batch", batch);
            double nchwMs = AveragingBench.median(a);
            double nhwcMs = AveragingBench.median(b);
            row.put("nchw_ms", nchwMs);
            row.put("nhwc_ms", nhwcMs);
            row.put("nchw_over_nhwc", nchwMs / nhwcMs);
            out.printf("  conv2d + conv2d_bp %s %s, batch %d: NCHW %.2f ms, NHWC %.2f ms (NCHW / NHWC %.2f)%n",
                    layer.model(), row.get("layer"), batch, nchwMs, nhwcMs, nchwMs / nhwcMs);
            rows.add(row);
        }
        return rows;
    }

    /** The arrays of one layer's forward and backward pass in one layout. */
    static final class Pass {
        final INDArray output;
        final INDArray inputGradient;
        final INDArray weightGradient;
        private final DynamicCustomOp forward;
        private final DynamicCustomOp backward;

        /**
         * @param x  [N, C_in, H, W] the input, given in NCHW whatever the layout
         * @param w  [kH, kW, C_in, C_out]
         * @param b  [C_out]
         * @param dy [N, C_out, H', W'] the output's gradient, in NCHW
         */
        Pass(INDArray x, INDArray w, INDArray b, INDArray dy, boolean nhwc) {
            INDArray in = nhwc ? x.permute(0, 2, 3, 1).dup('c') : x;
            INDArray gradOut = nhwc ? dy.permute(0, 2, 3, 1).dup('c') : dy;
            output = Nd4j.create(DataType.FLOAT, gradOut.shape());
            inputGradient = Nd4j.create(DataType.FLOAT, in.shape());
            weightGradient = Nd4j.create(DataType.FLOAT, w.shape());
            // libnd4j's conv2d: kH, kW, sH, sW, pH, pW, dH, dW, same-mode 0, data format (0 NCHW, 1 NHWC),
            // weights format 0 = [kH, kW, C_in, C_out]
            int[] args = {KERNEL, KERNEL, STRIDE, STRIDE, PADDING, PADDING, 1, 1, 0, nhwc ? 1 : 0, 0};
            forward = DynamicCustomOp.builder("conv2d").addInputs(in, w, b).addOutputs(output)
                    .addIntegerArguments(args).build();
            backward = DynamicCustomOp.builder("conv2d_bp").addInputs(in, w, b, gradOut)
                    .addOutputs(inputGradient, weightGradient, Nd4j.create(DataType.FLOAT, b.shape()))
                    .addIntegerArguments(args).build();
        }

        static Pass random(Layer l, int n, boolean nhwc) {
            int outSize = (l.size() + 2 * PADDING - KERNEL) / STRIDE + 1;
            return new Pass(Nd4j.rand(DataType.FLOAT, n, l.channelsIn(), l.size(), l.size()),
                    Nd4j.rand(DataType.FLOAT, KERNEL, KERNEL, l.channelsIn(), l.channelsOut()).subi(0.5).muli(0.04),
                    Nd4j.zeros(DataType.FLOAT, l.channelsOut()),
                    Nd4j.rand(DataType.FLOAT, n, l.channelsOut(), outSize, outSize), nhwc);
        }

        /** Milliseconds per forward + backward pass over {@code iterations}. */
        double time(int iterations) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                Nd4j.exec(forward);
                Nd4j.exec(backward);
            }
            return (System.nanoTime() - start) / 1e6 / iterations;
        }
    }
}
