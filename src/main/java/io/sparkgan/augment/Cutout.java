package io.sparkgan.augment;

import java.util.SplittableRandom;

/**
 * DiffAugment's cutout: a square of side s = round(size / 2) per axis, centred at a uniform pixel (the square
 * clipped at the border), is set to 0 in every channel: y = m * x with a 0/1 mask m. The map is diagonal, so its
 * adjoint is the same mask: dx = m * dy. Images the draw skips (ADA's probability) keep every pixel.
 */
final class Cutout implements DrawnTransform {
    private final ImageShape shape;
    private final boolean[] applies;
    private final int[] top;
    private final int[] left;
    private final int rows;
    private final int columns;

    private Cutout(ImageShape shape, boolean[] applies, int[] top, int[] left, int rows, int columns) {
        this.shape = shape;
        this.applies = applies;
        this.top = top;
        this.left = left;
        this.rows = rows;
        this.columns = columns;
    }

    /** The side along an axis of {@code size} pixels: round(size / 2), as DiffAugment's int(size * 0.5 + 0.5). */
    static int side(int size) {
        return (int) (size * 0.5 + 0.5);
    }

    static Cutout draw(ImageShape shape, boolean[] applies, SplittableRandom random) {
        int rows = side(shape.height());
        int columns = side(shape.width());
        int[] top = new int[applies.length];
        int[] left = new int[applies.length];
        for (int b = 0; b < applies.length; b++) {
            if (applies[b]) {
                // DiffAugment: offset uniform in [0, size + 1 - side % 2), the square starting side / 2 before it
                top[b] = random.nextInt(shape.height() + 1 - rows % 2) - rows / 2;
                left[b] = random.nextInt(shape.width() + 1 - columns % 2) - columns / 2;
            }
        }
        return new Cutout(shape, applies, top, left, rows, columns);
    }

    @Override
    public void forward(double[] images) {
        mask(images);
    }

    @Override
    public void adjoint(double[] gradients) {
        mask(gradients);
    }

    private void mask(double[] data) {
        int w = shape.width();
        for (int b = 0; b < applies.length; b++) {
            if (!applies[b]) {
                continue;
            }
            int rowEnd = Math.min(shape.height(), top[b] + rows);
            int columnStart = Math.max(0, left[b]);
            int columnEnd = Math.min(w, left[b] + columns);
            for (int c = 0; c < shape.channels(); c++) {
                int base = b * shape.size() + c * shape.plane();
                for (int i = Math.max(0, top[b]); i < rowEnd; i++) {
                    java.util.Arrays.fill(data, base + i * w + columnStart, base + i * w + Math.max(columnStart, columnEnd), 0);
                }
            }
        }
    }
}
