package io.sparkgan.spark;

import java.io.Serializable;

/**
 * One decoded image as stored in Spark: C x H x W uint8 pixels (row-major, channel first) and its class
 * (-1 when none); or, for an input that could not be decoded, its path and the reason. A plain class for
 * Spark's Kryo.
 */
public final class ImageRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private byte[] pixels;
    private int label;
    private String badPath;
    private String problem;

    private ImageRow() {
    }

    static ImageRow of(byte[] pixels, int label) {
        ImageRow r = new ImageRow();
        r.pixels = pixels;
        r.label = label;
        return r;
    }

    static ImageRow bad(String path, String problem) {
        ImageRow r = new ImageRow();
        r.badPath = path;
        r.problem = problem;
        return r;
    }

    boolean ok() {
        return pixels != null;
    }

    byte[] pixels() {
        return pixels;
    }

    int label() {
        return label;
    }

    String describeProblem() {
        return badPath + ": " + problem;
    }
}
