package io.sparkgan.source;

import java.io.Serializable;

/**
 * One input of an image source after decoding: C x H x W uint8 pixels (row-major, channel first) and its class
 * (-1 when none); or, for an input that could not be decoded, its name and the reason. What both engines read:
 * the local engine packs rows into one {@link io.sparkgan.data.ImageSet}, Spark persists them per partition. A
 * plain class for Spark's Kryo.
 */
public final class ImageRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private byte[] pixels;
    private int label;
    private String badPath;
    private String problem;

    private ImageRow() {
    }

    public static ImageRow of(byte[] pixels, int label) {
        ImageRow r = new ImageRow();
        r.pixels = pixels;
        r.label = label;
        return r;
    }

    public static ImageRow bad(String path, String problem) {
        ImageRow r = new ImageRow();
        r.badPath = path;
        r.problem = problem;
        return r;
    }

    /** Whether the input decoded. */
    public boolean ok() {
        return pixels != null;
    }

    public byte[] pixels() {
        return pixels;
    }

    public int label() {
        return label;
    }

    /** "path: reason" of an input that did not decode. */
    public String describeProblem() {
        return badPath + ": " + problem;
    }
}
