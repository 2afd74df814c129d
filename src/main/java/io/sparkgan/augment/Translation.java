package io.sparkgan.augment;

import java.util.SplittableRandom;

/**
 * DiffAugment's translation: image b moves by (dy_b, dx_b) pixels, each uniform in [-s, s] with s = round(size / 8)
 * per axis, and the pixels it uncovers are 0: y[c, i, j] = x[c, i - dy, j - dx] where that lies inside, else 0.
 * The map is a partial permutation, so its adjoint is the opposite shift: dx[c, i, j] = dy[c, i + dy, j + dx].
 * Images the draw skips (ADA's probability) keep a zero shift.
 */
final class Translation implements DrawnTransform {
    private final ImageShape shape;
    private final int[] rowShift;
    private final int[] columnShift;

    private Translation(ImageShape shape, int[] rowShift, int[] columnShift) {
        this.shape = shape;
        this.rowShift = rowShift;
        this.columnShift = columnShift;
    }

    /** The largest shift along an axis of {@code size} pixels: round(size / 8), as DiffAugment's int(size * 1/8 + 0.5). */
    static int maxShift(int size) {
        return (int) (size * 0.125 + 0.5);
    }

    static Translation draw(ImageShape shape, boolean[] applies, SplittableRandom random) {
        int rows = maxShift(shape.height());
        int columns = maxShift(shape.width());
        int[] rowShift = new int[applies.length];
        int[] columnShift = new int[applies.length];
        for (int b = 0; b < applies.length; b++) {
            if (applies[b]) {
                rowShift[b] = random.nextInt(-rows, rows + 1);
                columnShift[b] = random.nextInt(-columns, columns + 1);
            }
        }
        return new Translation(shape, rowShift, columnShift);
    }

    @Override
    public void forward(double[] images) {
        shift(images, 1);
    }

    @Override
    public void adjoint(double[] gradients) {
        shift(gradients, -1);
    }

    /** out[c, i, j] = in[c, i - sign dy, j - sign dx] (0 outside), image by image. */
    private void shift(double[] data, int sign) {
        int h = shape.height();
        int w = shape.width();
        double[] plane = new double[shape.plane()];
        for (int b = 0; b < rowShift.length; b++) {
            int dy = sign * rowShift[b];
            int dx = sign * columnShift[b];
            if (dy == 0 && dx == 0) {
                continue;
            }
            for (int c = 0; c < shape.channels(); c++) {
                int base = b * shape.size() + c * shape.plane();
                System.arraycopy(data, base, plane, 0, plane.length);
                for (int i = 0; i < h; i++) {
                    int from = i - dy;
                    for (int j = 0; j < w; j++) {
                        int fromColumn = j - dx;
                        boolean inside = from >= 0 && from < h && fromColumn >= 0 && fromColumn < w;
                        data[base + i * w + j] = inside ? plane[from * w + fromColumn] : 0;
                    }
                }
            }
        }
    }
}
