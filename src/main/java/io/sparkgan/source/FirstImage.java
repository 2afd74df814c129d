package io.sparkgan.source;

import io.sparkgan.data.InvalidDataException;

/**
 * The first image of a folder, Parquet or DataFrame set, decoded before the whole set is: an image of another size
 * or channel count than data.image stops the run at once, naming the key to set, unless data.image.convert is
 * true. (One that cannot be decoded at all is left to the count of bad inputs and data.max-bad-fraction.)
 */
public final class FirstImage {
    private FirstImage() {
    }

    public static void check(ImageDecoder decoder, byte[] encoded, String name) {
        ImageDecoder.Shape shape;
        try {
            shape = decoder.shapeOf(encoded, name);
        } catch (InvalidDataException e) {
            return;
        }
        String mismatch = decoder.mismatch(shape, name);
        if (mismatch != null) {
            throw new InvalidDataException("the first " + mismatch);
        }
    }
}
