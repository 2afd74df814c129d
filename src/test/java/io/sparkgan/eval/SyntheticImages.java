package io.sparkgan.eval;

import io.sparkgan.data.ImageSet;
import io.sparkgan.source.IdxFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small labelled image set for tests, made from a seed: class c in 0..9 is a bright 6x6 square on a dark
 * 28x28 background at a class-specific place (column 2 + 6 (c mod 4), row 2 + 8 (c div 4)), shifted by up
 * to 1 pixel, with Gaussian pixel noise (std 20 grey levels). A small CNN separates the classes easily.
 */
public final class SyntheticImages {
    public static final int SIZE = 28;
    public static final int CLASSES = 10;

    private SyntheticImages() {
    }

    /** n images, labels cycling 0..9 (or all {@code onlyClass} when >= 0), from {@code seed}. */
    public static ImageSet draw(int n, long seed, int onlyClass) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[n * SIZE * SIZE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = onlyClass >= 0 ? onlyClass : i % CLASSES;
            labels[i] = c;
            int x0 = 2 + 6 * (c % 4) + random.nextInt(3) - 1;
            int y0 = 2 + 8 * (c / 4) + random.nextInt(3) - 1;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean inside = x >= x0 && x < x0 + 6 && y >= y0 && y < y0 + 6;
                    double v = (inside ? 200 : 10) + 20 * gaussian(random);
                    pixels[i * SIZE * SIZE + y * SIZE + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return new ImageSet(pixels, n, 1, SIZE, SIZE, labels);
    }

    /** Uniform random pixels: images no class describes. */
    public static ImageSet noise(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[n * SIZE * SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        return new ImageSet(pixels, n, 1, SIZE, SIZE, null);
    }

    /** The images of {@code set} with their pixels permuted, each image by its own seeded permutation. */
    public static ImageSet shuffledPixels(ImageSet set, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] src = pixels(set);
        byte[] out = new byte[src.length];
        int per = SIZE * SIZE;
        for (int i = 0; i < set.size(); i++) {
            int[] perm = new int[per];
            for (int p = 0; p < per; p++) {
                perm[p] = p;
            }
            for (int p = per - 1; p > 0; p--) {
                int j = random.nextInt(p + 1);
                int t = perm[p];
                perm[p] = perm[j];
                perm[j] = t;
            }
            for (int p = 0; p < per; p++) {
                out[i * per + p] = src[i * per + perm[p]];
            }
        }
        return new ImageSet(out, set.size(), 1, SIZE, SIZE, null);
    }

    /** The uint8 pixels back from an image set's [-1, 1] floats. */
    public static byte[] pixels(ImageSet set) {
        int[] rows = new int[set.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        float[] f = set.batch(rows).dup('c').data().asFloat();
        byte[] out = new byte[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (byte) Math.round((f[i] + 1f) * 127.5f);
        }
        return out;
    }

    /**
     * Writes train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz (nTrain images, seed) and the t10k-* pair
     * (nTest images, seed + 1) into {@code dir}, as Fashion-MNIST names its files; returns the train images file.
     */
    public static Path writeIdx(Path dir, int nTrain, int nTest, long seed) throws IOException {
        write(dir, "train", draw(nTrain, seed, -1));
        if (nTest > 0) {
            write(dir, "t10k", draw(nTest, seed + 1, -1));
        }
        return dir.resolve("train-images-idx3-ubyte.gz");
    }

    private static void write(Path dir, String prefix, ImageSet set) throws IOException {
        IdxFiles.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"),
                IdxFiles.idx(new int[]{set.size(), SIZE, SIZE}, pixels(set)), true);
        int[] labels = set.labels().orElseThrow();
        byte[] l = new byte[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (byte) labels[i];
        }
        IdxFiles.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxFiles.idx(new int[]{labels.length}, l), true);
    }

    /** Marsaglia's polar method. */
    private static double gaussian(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** A size x size grey PNG whose pixel (x, y) is (x seed + 3 y) mod 256: distinct images for distinct seeds. */
    public static byte[] png(int size, int seed) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(size, size,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, (x * seed + y * 3) % 256);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
