package io.sparkgan.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Optional;

/**
 * Images kept as uint8, NCHW; served as floats scaled to [-1, 1] (x / 127.5 - 1) for a tanh generator.
 */
public final class ImageSet implements TrainingSet {
    private final byte[] pixels;
    private final int n;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;

    public ImageSet(byte[] pixels, int n, int channels, int height, int width, int[] labelsOrNull) {
        if ((long) n * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixel buffer of " + pixels.length + " bytes does not hold "
                    + n + "x" + channels + "x" + height + "x" + width + " images");
        }
        this.pixels = pixels;
        this.n = n;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.labels = labelsOrNull;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public long[] sampleShape() {
        return new long[]{channels, height, width};
    }

    public Optional<int[]> labels() {
        return Optional.ofNullable(labels);
    }

    @Override
    public INDArray batch(int[] rows) {
        int per = channels * height * width;
        float[] out = new float[rows.length * per];
        for (int i = 0; i < rows.length; i++) {
            int src = rows[i] * per;
            int dst = i * per;
            for (int p = 0; p < per; p++) {
                out[dst + p] = (pixels[src + p] & 0xff) / 127.5f - 1f;
            }
        }
        return Nd4j.create(out, new long[]{rows.length, channels, height, width}, 'c');
    }
}
