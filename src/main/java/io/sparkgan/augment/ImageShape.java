package io.sparkgan.augment;

/** The shape [C, H, W] of one image of a minibatch [B, C, H, W], laid out row-major in a flat array. */
public record ImageShape(int channels, int height, int width) {
    /** The shape of a minibatch's images, from the minibatch's shape [B, C, H, W]. */
    public static ImageShape ofBatch(long[] batchShape) {
        if (batchShape.length != 4) {
            throw new IllegalArgumentException("augmentation needs images [B, C, H, W]; got shape "
                    + java.util.Arrays.toString(batchShape));
        }
        return new ImageShape((int) batchShape[1], (int) batchShape[2], (int) batchShape[3]);
    }

    /** C * H * W: the values of one image. */
    public int size() {
        return channels * height * width;
    }

    /** H * W: the values of one channel plane. */
    public int plane() {
        return height * width;
    }
}
