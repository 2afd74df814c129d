package io.sparkgan.model;

import java.util.Arrays;

/**
 * The image shape [C, size, size] that the convolutional models (dcgan, resnet) build G and D for: 28, 32 or 64
 * pixels. G starts at S x S (S = 7 for 28, else 4) and doubles u = log2(size / S) times.
 *
 * @param channels C
 * @param size     the height and width
 * @param start    S
 * @param doublings u
 */
record SquareImages(int channels, int size, int start, int doublings) {

    /** The shape of a sample [C, H, W], refused naming the model and the shape unless square of a supported size. */
    static SquareImages of(String model, long[] sampleShape) {
        if (sampleShape.length != 3 || sampleShape[1] != sampleShape[2]) {
            throw new IllegalArgumentException(model + " needs square images [C, H, W], got shape "
                    + Arrays.toString(sampleShape));
        }
        int size = (int) sampleShape[1];
        int start = switch (size) {
            case 28 -> 7;
            case 32, 64 -> 4;
            default -> throw new IllegalArgumentException(model + " supports 28x28, 32x32 and 64x64 images, got "
                    + size + "x" + size);
        };
        return new SquareImages((int) sampleShape[0], size, start, Integer.numberOfTrailingZeros(size / start));
    }
}
