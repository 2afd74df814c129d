package io.sparkgan.eval;

import io.sparkgan.platform.Location;

import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.source.IdxReader;
import io.sparkgan.source.ImageDecoder;
import io.sparkgan.source.SourceFiles;

import java.util.Arrays;
import java.util.List;

/**
 * Samples from anywhere, to score without their generator: an IDX3 images file (gzipped or not), or a folder
 * of image files (PNG, JPEG, BMP, GIF; listed as the folder source lists them, in path order, scaled and centre-cropped to the real
 * data's shape as the folder source does).
 */
public final class SampleFiles {

    private SampleFiles() {
    }

    /**
     * @param shape [C, H, W] the samples must have (IDX) or are converted to (folders)
     * @param limit read at most this many, 0 = all
     */
    public static ImageSamples read(Location path, long[] shape, int limit) {
        ImageSet set = path.isDirectory() ? folder(path, shape, limit)
                : IdxReader.readImages(path.hadoopPath().toString(), null, limit);
        if (!Arrays.equals(set.sampleShape(), shape)) {
            throw new InvalidDataException("samples " + path + " are " + Arrays.toString(set.sampleShape())
                    + " [C, H, W] but the real data set is " + Arrays.toString(shape));
        }
        if (set.size() == 0) {
            throw new InvalidDataException("no samples in " + path);
        }
        int[] rows = new int[set.size()];
        Arrays.setAll(rows, i -> i);
        return ImageSamples.of(set, rows);
    }

    private static ImageSet folder(Location dir, long[] shape, int limit) {
        SourceFiles source = SourceFiles.current();
        List<String> files = source.listImages(dir.hadoopPath().toString(), "samples folder");
        if (limit > 0 && files.size() > limit) {
            files = files.subList(0, limit);
        }
        int c = (int) shape[0];
        int h = (int) shape[1];
        int w = (int) shape[2];
        ImageDecoder decoder = new ImageDecoder(h, w, c);
        byte[] pixels = new byte[files.size() * c * h * w];
        for (int i = 0; i < files.size(); i++) {
            byte[] encoded = source.readAllBytes(files.get(i), "sample image");
            System.arraycopy(decoder.decode(encoded, files.get(i)), 0, pixels, i * c * h * w, c * h * w);
        }
        return new ImageSet(pixels, files.size(), c, h, w, null);
    }
}
