package io.sparkgan.data;

import io.sparkgan.config.CycleKnownMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The invertible map T of CycleGAN's task with a known answer (cycle.known-map): set B is T applied to images of
 * the B source, so G_AB should learn T and G_BA its inverse. On images [N, C, H, W] in [-1, 1]:
 * invert-shift: T(x)[n,c,i,j] = -x[n,c,i,(j - 2) mod W], the inversion (1 - p for pixels p in [0, 1]) of the
 * image rolled 2 pixels to the right (columns wrap around, so nothing is lost); T^-1(y)[n,c,i,j] = -y[n,c,i,(j + 2) mod W].
 */
public enum KnownTranslation {
    NONE(0),
    INVERT_SHIFT(2);

    private final int shift;

    KnownTranslation(int shift) {
        this.shift = shift;
    }

    /** The map of cycle.known-map's choice: none or invert-shift. */
    public static KnownTranslation of(CycleKnownMap choice) {
        return switch (choice) {
            case NONE -> NONE;
            case INVERT_SHIFT -> INVERT_SHIFT;
        };
    }

    /** T(x), a new array. */
    public INDArray apply(INDArray images) {
        return this == NONE ? images.dup() : rolledInverted(images, shift);
    }

    /** T^-1(y), a new array. */
    public INDArray inverse(INDArray images) {
        return this == NONE ? images.dup() : rolledInverted(images, -shift);
    }

    /** -roll(x, s) along the last axis: out[..., j] = -x[..., (j - s) mod W]. */
    private static INDArray rolledInverted(INDArray images, int s) {
        long[] shape = images.shape();
        int w = (int) shape[shape.length - 1];
        float[] in = images.dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int row = 0; row < in.length / w; row++) {
            int base = row * w;
            for (int j = 0; j < w; j++) {
                out[base + j] = -in[base + Math.floorMod(j - s, w)];
            }
        }
        return Nd4j.create(out, shape, 'c');
    }
}
