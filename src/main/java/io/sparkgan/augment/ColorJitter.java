package io.sparkgan.augment;

import java.util.SplittableRandom;

/**
 * DiffAugment's colour transform of a 3-channel image in [-1, 1], three steps with factors uniform per image:
 * brightness x <- x + beta, beta in [-0.5, 0.5); saturation x <- s (x - m) + m with m the pixel's mean over channels,
 * s in [0, 2); contrast x <- k (x - M) + M with M the image's mean over all channels and pixels, k in [0.5, 1.5).
 * Each step is x <- f x + (1 - f) A x (+ beta) with A a symmetric averaging projector, so its adjoint is
 * g <- f g + (1 - f) A g; the adjoint applies them in reverse order (brightness adds a constant: its adjoint is the
 * identity). Images the draw skips (ADA's probability) stay as they are.
 */
final class ColorJitter implements DrawnTransform {
    private final ImageShape shape;
    private final boolean[] applies;
    private final double[] brightness;
    private final double[] saturation;
    private final double[] contrast;

    private ColorJitter(ImageShape shape, boolean[] applies, double[] brightness, double[] saturation, double[] contrast) {
        this.shape = shape;
        this.applies = applies;
        this.brightness = brightness;
        this.saturation = saturation;
        this.contrast = contrast;
    }

    static ColorJitter draw(ImageShape shape, boolean[] applies, SplittableRandom random) {
        int n = applies.length;
        double[] brightness = new double[n];
        double[] saturation = new double[n];
        double[] contrast = new double[n];
        for (int b = 0; b < n; b++) {
            if (applies[b]) {
                brightness[b] = (random.nextDouble() - 0.5);
                saturation[b] = (random.nextDouble() * 2);
                contrast[b] = (random.nextDouble() + 0.5);
            }
        }
        return new ColorJitter(shape, applies, brightness, saturation, contrast);
    }

    @Override
    public void forward(double[] images) {
        for (int b = 0; b < applies.length; b++) {
            if (applies[b]) {
                int base = b * shape.size();
                for (int i = base; i < base + shape.size(); i++) {
                    images[i] += brightness[b];
                }
                mixWithChannelMean(images, base, saturation[b]);
                mixWithImageMean(images, base, contrast[b]);
            }
        }
    }

    @Override
    public void adjoint(double[] gradients) {
        for (int b = 0; b < applies.length; b++) {
            if (applies[b]) {
                int base = b * shape.size();
                mixWithImageMean(gradients, base, contrast[b]);
                mixWithChannelMean(gradients, base, saturation[b]);
            }
        }
    }

    /** x[c, p] <- f x[c, p] + (1 - f) mean_c x[c, p], pixel by pixel. */
    private void mixWithChannelMean(double[] data, int base, double f) {
        int plane = shape.plane();
        for (int p = 0; p < plane; p++) {
            double mean = 0;
            for (int c = 0; c < shape.channels(); c++) {
                mean += data[base + c * plane + p];
            }
            mean /= shape.channels();
            for (int c = 0; c < shape.channels(); c++) {
                int i = base + c * plane + p;
                data[i] = f * data[i] + (1 - f) * mean;
            }
        }
    }

    /** x <- f x + (1 - f) mean(x) over the whole image. */
    private void mixWithImageMean(double[] data, int base, double f) {
        double mean = 0;
        for (int i = base; i < base + shape.size(); i++) {
            mean += data[i];
        }
        mean /= shape.size();
        for (int i = base; i < base + shape.size(); i++) {
            data[i] = f * data[i] + (1 - f) * mean;
        }
    }
}
