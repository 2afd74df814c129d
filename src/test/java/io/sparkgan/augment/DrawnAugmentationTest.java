package io.sparkgan.augment;

import io.sparkgan.config.AugmentConfig;
import io.sparkgan.config.AugmentTransform;
import io.sparkgan.config.InvalidConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Each transform's backward pass is the transpose of its Jacobian: for L(x) = sum(w * T(x)), dL/dx = T^T(w) must match
 * central finite differences of L in float64, for every input value. Plus what each transform does to an image.
 */
class DrawnAugmentationTest {
    private static final long[] RGB = {3, 3, 8, 8};          // [B, C, H, W]: 3 images of 3 x 8 x 8

    private static Augmentation policy(boolean adaptive, AugmentTransform... transforms) {
        return Augmentation.of(new AugmentConfig(List.of(transforms), adaptive, 0.6, 4, 500_000));
    }

    private static INDArray uniform(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextDouble(-1, 1));
        }
        return a;
    }

    /** max over all x_i of |dL/dx_i (adjoint) - (L(x + e_i h) - L(x - e_i h)) / 2h|. */
    private static double worstGradientError(DrawnAugmentation t, INDArray x, INDArray w) {
        INDArray analytic = t.adjoint(w.dup());
        double h = 1e-4;
        double worst = 0;
        for (long i = 0; i < x.length(); i++) {
            INDArray plus = x.dup();
            plus.putScalar(i, x.getDouble(i) + h);
            INDArray minus = x.dup();
            minus.putScalar(i, x.getDouble(i) - h);
            double numeric = (t.apply(plus).mul(w).sumNumber().doubleValue()
                    - t.apply(minus).mul(w).sumNumber().doubleValue()) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - analytic.getDouble(i)));
        }
        return worst;
    }

    @ParameterizedTest
    @EnumSource(AugmentTransform.class)
    void eachTransformsBackwardPassMatchesFiniteDifferences(AugmentTransform transform) {
        DrawnAugmentation t = policy(false, transform).draw(RGB, 1, new SplittableRandom(3));
        assertThat(worstGradientError(t, uniform(1, RGB), uniform(2, RGB))).isLessThan(1e-8);
    }

    @Test
    void theWholePolicysBackwardPassRunsTheAdjointsInReverseOrder() {
        DrawnAugmentation t = policy(false, AugmentTransform.COLOR, AugmentTransform.TRANSLATION, AugmentTransform.CUTOUT)
                .draw(RGB, 1, new SplittableRandom(4));
        INDArray x = uniform(5, RGB);
        assertThat(t.apply(x)).isNotEqualTo(x);
        assertThat(worstGradientError(t, x, uniform(6, RGB))).isLessThan(1e-8);
    }

    @Test
    void translationMovesAPixelByAtMostAnEighthOfTheSizeAndPadsWithZeros() {
        assertThat(Translation.maxShift(28)).isEqualTo(4);
        assertThat(Translation.maxShift(32)).isEqualTo(4);
        assertThat(Translation.maxShift(64)).isEqualTo(8);
        long[] shape = {200, 1, 28, 28};
        INDArray x = Nd4j.zeros(DataType.FLOAT, shape);
        for (int b = 0; b < 200; b++) {
            x.putScalar(new long[]{b, 0, 14, 14}, 1f);                  // one lit pixel in the middle
        }
        INDArray y = policy(false, AugmentTransform.TRANSLATION).draw(shape, 1, new SplittableRandom(7)).apply(x);
        int moved = 0;
        for (int b = 0; b < 200; b++) {
            INDArray image = y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)).reshape(28, 28);
            assertThat(image.sumNumber().doubleValue()).isEqualTo(1.0);  // the pixel stays whole, only moves
            long at = image.reshape(784).argMax().getLong(0);
            long row = at / 28;
            long column = at % 28;
            assertThat(Math.abs(row - 14)).isLessThanOrEqualTo(4);
            assertThat(Math.abs(column - 14)).isLessThanOrEqualTo(4);
            moved += row != 14 || column != 14 ? 1 : 0;
        }
        assertThat(moved).isGreaterThan(180);                           // 80 of 81 shifts move it
        // a full image shifted leaves zero rows or columns at an edge
        INDArray ones = Nd4j.ones(DataType.FLOAT, 50, 1, 28, 28);
        INDArray shifted = policy(false, AugmentTransform.TRANSLATION).draw(ones.shape(), 1, new SplittableRandom(8))
                .apply(ones);
        assertThat(shifted.minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(shifted.maxNumber().doubleValue()).isEqualTo(1.0);
    }

    @Test
    void cutoutZeroesASquareOfHalfTheSizeClippedAtTheBorder() {
        assertThat(Cutout.side(28)).isEqualTo(14);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 100, 3, 28, 28);
        INDArray y = policy(false, AugmentTransform.CUTOUT).draw(ones.shape(), 1, new SplittableRandom(9)).apply(ones);
        boolean someWhole = false;
        for (int b = 0; b < 100; b++) {
            INDArray image = y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b));
            double zeros = 3 * 784 - image.sumNumber().doubleValue();
            assertThat(zeros % 3).isEqualTo(0.0);                       // the same square in every channel
            assertThat(zeros / 3).isBetween(7.0 * 7, 14.0 * 14);       // at least a quarter of it inside
            someWhole |= zeros / 3 == 14 * 14;
        }
        assertThat(someWhole).isTrue();
    }

    @Test
    void colourKeepsAGreyImageGreyWithinItsBrightnessAndContrastRange() {
        INDArray grey = Nd4j.zeros(DataType.DOUBLE, 20, 3, 8, 8);      // 0 everywhere: saturation leaves it, contrast too
        INDArray y = policy(false, AugmentTransform.COLOR).draw(grey.shape(), 1, new SplittableRandom(10)).apply(grey);
        for (int b = 0; b < 20; b++) {
            INDArray image = y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b));
            double value = image.getDouble(0);
            assertThat(value).isBetween(-0.5, 0.5);                     // the brightness shift alone
            assertThat(image.maxNumber().doubleValue()).isCloseTo(value, within(1e-12));
            assertThat(image.minNumber().doubleValue()).isCloseTo(value, within(1e-12));
        }
    }

    @Test
    void anEmptyPolicyDrawsNothingAndReturnsTheSameArray() {
        SplittableRandom stream = new SplittableRandom(12);
        INDArray x = uniform(13, RGB);
        DrawnAugmentation t = Augmentation.of(new AugmentConfig(List.of(), false, 0.6, 4, 500_000)).draw(RGB, 1, stream);
        assertThat(t.apply(x)).isSameAs(x);
        assertThat(t.adjoint(x)).isSameAs(x);
        assertThat(stream.nextLong()).isEqualTo(new SplittableRandom(12).nextLong());
    }

    @Test
    void theSameStreamDrawsTheSameAugmentation() {
        Augmentation a = policy(true, AugmentTransform.TRANSLATION, AugmentTransform.CUTOUT);
        INDArray x = uniform(14, RGB);
        assertThat(a.draw(RGB, 0.5, new SplittableRandom(15)).apply(x))
                .isEqualTo(a.draw(RGB, 0.5, new SplittableRandom(15)).apply(x));
    }

    @Test
    void withAdaptiveProbabilityZeroNothingChangesAndWithOneEveryImageDoes() {
        Augmentation a = policy(true, AugmentTransform.CUTOUT);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 40, 1, 28, 28);
        assertThat(a.draw(ones.shape(), 0, new SplittableRandom(16)).apply(ones)).isEqualTo(ones);
        INDArray all = a.draw(ones.shape(), 1, new SplittableRandom(16)).apply(ones);
        for (int b = 0; b < 40; b++) {
            assertThat(all.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)).minNumber().doubleValue()).isEqualTo(0.0);
        }
        INDArray half = a.draw(ones.shape(), 0.5, new SplittableRandom(16)).apply(ones);
        int cut = 0;
        for (int b = 0; b < 40; b++) {
            cut += half.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)).minNumber().doubleValue() == 0 ? 1 : 0;
        }
        assertThat(cut).isBetween(8, 32);
    }

    @Test
    void colourOnGreyscaleImagesIsRefusedNamingTheKey() {
        AugmentConfig colour = new AugmentConfig(List.of(AugmentTransform.COLOR), false, 0.6, 4, 500_000);
        assertThatThrownBy(() -> Augmentation.check(colour, new long[]{1, 28, 28}))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("train.augment.policy").hasMessageContaining("1 channel");
        Augmentation.check(colour, new long[]{3, 32, 32});
    }
}
