package io.sparkgan.bench;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout benchmark compares like with like: both layouts compute the same convolution and gradients. */
class ConvolutionLayoutBenchTest {

    @Test
    void nchwAndNhwcComputeTheSameConvolutionAndGradients() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
        INDArray w = Nd4j.rand(DataType.FLOAT, 4, 4, 3, 5).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 5);
        INDArray dy = Nd4j.rand(DataType.FLOAT, 2, 5, 4, 4);
        ConvolutionLayoutBench.Pass nchw = new ConvolutionLayoutBench.Pass(x, w, b, dy, false);
        ConvolutionLayoutBench.Pass nhwc = new ConvolutionLayoutBench.Pass(x, w, b, dy, true);
        nchw.time(1);
        nhwc.time(1);
        assertThat(nchw.output.amaxNumber().doubleValue()).as("a convolution that computed something").isPositive();
        assertThat(nhwc.output.permute(0, 3, 1, 2).sub(nchw.output).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(nhwc.inputGradient.permute(0, 3, 1, 2).sub(nchw.inputGradient).amaxNumber().doubleValue())
                .isLessThan(1e-5);
        assertThat(nhwc.weightGradient.sub(nchw.weightGradient).amaxNumber().doubleValue()).isLessThan(1e-4);
        assertThat(nchw.weightGradient.amaxNumber().doubleValue()).isPositive();
    }
}
