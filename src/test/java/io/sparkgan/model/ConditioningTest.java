package io.sparkgan.model;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.ModelConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the class enters G and D: shapes, the projection's score and where its gradient goes. */
class ConditioningTest {
    private static ModelConfig model(String discriminator) {
        return ConfigLoader.parse("", "c", List.of("data.source=idx", "data.idx.images=x", "data.idx.labels=y",
                "model.type=dcgan", "model.conditional.enabled=true", "model.conditional.discriminator=" + discriminator))
                .model();
    }

    @Test
    void theGeneratorGetsZAndTheOneHotClass() {
        Conditioning c = Conditioning.of(model("projection"), 3);
        INDArray input = c.generatorInput(Nd4j.ones(2, 4), new int[]{2, 0});
        assertThat(input.shape()).containsExactly(2, 7);
        assertThat(input.getRow(0).toFloatVector()).containsExactly(1, 1, 1, 1, 0, 0, 1);
        assertThat(input.getRow(1).toFloatVector()).containsExactly(1, 1, 1, 1, 1, 0, 0);
        assertThat(c.generatorInputs(4)).isEqualTo(7);
    }

    @Test
    void theProjectionScoreIsPsiPlusTheClassesInnerProduct() {
        // D's outputs o = [psi(phi(x)), <e_0, phi(x)>, <e_1, phi(x)>, <e_2, phi(x)>]
        Conditioning c = Conditioning.of(model("projection"), 3);
        assertThat(c.discriminatorOutputs()).isEqualTo(4);
        INDArray out = Nd4j.create(new float[][]{{1, 10, 20, 30}, {2, 40, 50, 60}});
        assertThat(c.scores(out, new int[]{1, 2}).toDoubleVector()).containsExactly(21, 62);
        INDArray gradient = c.outputGradient(Nd4j.createFromArray(0.5f, -0.25f), new int[]{1, 2});
        assertThat(gradient.getRow(0).toFloatVector()).usingComparatorWithPrecision(0f).containsExactly(0.5f, 0, 0.5f, 0);
        assertThat(gradient.getRow(1).toFloatVector()).usingComparatorWithPrecision(0f).containsExactly(-0.25f, 0, 0, -0.25f);
        // the image itself enters D unchanged
        INDArray x = Nd4j.rand(2, 1, 4, 4);
        assertThat(c.discriminatorInput(x, new int[]{0, 1})).isSameAs(x);
    }

    @Test
    void concatenationAddsOneConstantPlanePerClass() {
        Conditioning c = Conditioning.of(model("concatenation"), 3);
        INDArray x = Nd4j.rand(2, 1, 4, 4);
        INDArray in = c.discriminatorInput(x, new int[]{2, 0});
        assertThat(in.shape()).containsExactly(2, 4, 4, 4);
        assertThat(in.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(3))
                .minNumber().doubleValue()).isEqualTo(1.0);                  // class 2 of sample 0: plane 1 + 2
        assertThat(in.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                .maxNumber().doubleValue()).isEqualTo(0.0);
        assertThat(c.sampleGradient(in, x.shape()).shape()).containsExactly(2, 1, 4, 4);
        assertThat(c.sampleGradient(in, x.shape())).isEqualTo(x);
        assertThat(c.scores(Nd4j.create(new float[][]{{3}, {4}}), new int[]{2, 0}).toDoubleVector()).containsExactly(3, 4);
    }

    @Test
    void labelsAreDrawnUniformlyAndOnlyWhenConditional() {
        Conditioning c = Conditioning.of(model("projection"), 4);
        int[] counts = new int[4];
        for (int y : c.drawLabels(4000, new SplittableRandom(1))) {
            counts[y]++;
        }
        for (int n : counts) {
            assertThat(n).isBetween(900, 1100);
        }
        assertThat(Conditioning.NONE.drawLabels(10, new SplittableRandom(1))).isNull();
    }

    @Test
    void aConditionalModelNeedsTwoClasses() {
        assertThatThrownBy(() -> Conditioning.of(model("projection"), 1)).hasMessageContaining("at least 2 classes");
    }
}
