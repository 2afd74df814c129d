package io.sparkgan.eval;

import io.sparkgan.config.DataConfig;
import io.sparkgan.config.EvaluationConfig;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.source.IdxReader;
import io.sparkgan.source.ImageInputs;
import io.sparkgan.source.ImageRows;
import io.sparkgan.source.ImageSources;
import io.sparkgan.source.SourceFiles;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The real data set a generator is compared with: the labelled training split (the reference classifier
 * trains on it) and a test split (the classifier's accuracy, the real-data floors). From IDX files on any
 * Hadoop path, the test split is the files given, else the t10k-* files beside the train-* files (MNIST's
 * and Fashion-MNIST's naming), else the last sixth of the training files, held out from the classifier's
 * training; from any other labelled image set (an image folder's class folders, a Parquet label column) the
 * last sixth, held out.
 *
 * @param key         SHA-256 of the training split's shape, pixels and labels: the classifier cache's key
 * @param trainSource where the training split came from, in words
 * @param testSource  where the test split came from, in words
 */
public record RealData(ImageSet train, ImageSet test, String key, String trainSource, String testSource) {

    /**
     * The run's labelled real images from data.source: IDX files with the test split of evaluation.test-* (or the
     * t10k-* files beside them); an image folder (labels = class folders) or Parquet with data.parquet.label-column:
     * at most evaluation.real-images of its inputs (a seeded sample of a larger set, in input order), every sixth
     * held out as the test split. Read through the same {@link ImageInputs} as training, in this JVM.
     */
    public static RealData of(GanConfig config) {
        DataConfig data = config.data();
        EvaluationConfig e = config.evaluation();
        switch (data.source()) {
            case IDX -> {
                return loadIdx(data.idxImages(), data.idxLabels().isBlank() ? null : data.idxLabels(), data.limit(),
                        e.testImages().isBlank() ? null : e.testImages(),
                        e.testLabels().isBlank() ? null : e.testLabels());
            }
            case FOLDER, PARQUET -> {
                ImageInputs inputs = ImageSources.open(data, SourceFiles.current());
                int max = e.realImages();
                ImageInputs sample = inputs.size() > max ? inputs.pick(sampleRows(inputs.size(), max, config.seed()))
                        : inputs;
                ImageSet all = ImageRows.pack(sample.rows(), ImageSources.sampleShape(data, inputs), null);
                return heldOut(all, inputs.where(), true, "");
            }
            default -> throw new IllegalArgumentException("image evaluation needs labelled images, but data.source = "
                    + data.source());
        }
    }

    /** k of the numbers 0 .. n - 1, each k-subset equally likely, increasing (Knuth's selection sampling). */
    static long[] sampleRows(long n, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5a3b_1e5eL);
        long[] rows = new long[k];
        int chosen = 0;
        for (long i = 0; i < n && chosen < k; i++) {
            if (random.nextDouble() * (n - i) < k - chosen) {
                rows[chosen++] = i;
            }
        }
        return rows;
    }

    /** Local IDX files (tests and tools); see {@link #loadIdx}. */
    public static RealData load(Path trainImages, Path trainLabels, int limit, Path testImages, Path testLabels) {
        return loadIdx(trainImages.toString(), trainLabels == null ? null : trainLabels.toString(), limit,
                testImages == null ? null : testImages.toString(), testLabels == null ? null : testLabels.toString());
    }

    /**
     * IDX files on any Hadoop path.
     *
     * @param limit      use only the first N training images (data.idx.limit), 0 = all
     * @param testImages test images file, or null to look beside the training files
     * @param testLabels test labels file, or null for the one named like the test images
     */
    public static RealData loadIdx(String trainImages, String trainLabels, int limit, String testImages,
                                   String testLabels) {
        if (trainLabels == null) {
            throw new InvalidDataException("the real data set " + trainImages + " needs its labels file (IDX1) for the "
                    + "reference classifier; " + labelsBeside(trainImages) + " was not given");
        }
        if (testImages == null) {
            String images = besideAsTest(trainImages);
            String labels = besideAsTest(trainLabels);
            if (images != null && labels != null && isFile(images) && isFile(labels)) {
                testImages = images;
                testLabels = labels;
            }
        } else if (testLabels == null) {
            testLabels = labelsBeside(testImages);
        }
        ImageSet train = IdxReader.readImages(trainImages, trainLabels, limit);
        if (testImages == null) {
            return heldOut(train, trainImages, false, " (no t10k-* files beside "
                    + new org.apache.hadoop.fs.Path(trainImages).getName() + ")");
        }
        ImageSet test = IdxReader.readImages(testImages, testLabels, 0);
        if (!Arrays.equals(train.sampleShape(), test.sampleShape())) {
            throw new InvalidDataException("test images " + testImages + " are " + Arrays.toString(test.sampleShape())
                    + " but training images " + trainImages + " are " + Arrays.toString(train.sampleShape()));
        }
        return new RealData(train, test, key(train), trainImages, "test split " + testImages);
    }

    /**
     * A labelled set with no test split of its own: a sixth of it is held out as the test split, the last
     * sixth (an IDX file, in no particular order), or with {@code everySixth} images 5, 11, 17, ... (a set read
     * in class order, such as an image folder's class folders, so that every class is in both splits).
     */
    public static RealData heldOut(ImageSet all, String source, boolean everySixth, String why) {
        if (all.labels().isEmpty()) {
            throw new InvalidDataException("the real data set " + source + " has no labels; the reference classifier "
                    + "needs them (data.idx.labels, class folders, data.parquet.label-column)");
        }
        int n = all.size();
        int testCount = n / 6;
        if (testCount < 2) {
            throw new InvalidDataException("the real data set " + source + " has " + n + " images: too few to hold "
                    + "out a test split" + (why.isEmpty() ? "" : "; give evaluation.test-images"));
        }
        int trainCount = n - testCount;
        int[] trainRows = new int[trainCount];
        int[] testRows = new int[testCount];
        for (int i = 0, t = 0, s = 0; i < n; i++) {
            boolean test = everySixth ? i % 6 == 5 && s < testCount : i >= trainCount;
            if (test) {
                testRows[s++] = i;
            } else {
                trainRows[t++] = i;
            }
        }
        ImageSet train = all.subset(trainRows);
        return new RealData(train, all.subset(testRows), key(train), source, (everySixth ? "every sixth of "
                : "the last " + testCount + " of ") + n + " training images, held out" + why);
    }

    /** The labels file named like an images file: train-images-idx3-ubyte.gz -> train-labels-idx1-ubyte.gz. */
    public static Path labelsBeside(Path images) {
        return Path.of(labelsBeside(images.toString()));
    }

    /** The same for a Hadoop path. */
    public static String labelsBeside(String images) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(images);
        String labels = path.getName().replace("images-idx3", "labels-idx1").replace("images", "labels");
        return new org.apache.hadoop.fs.Path(path.getParent(), labels).toString();
    }

    /** train-*.gz -> t10k-*.gz beside it, or null when the name does not start with "train". */
    private static String besideAsTest(String trainFile) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(trainFile);
        String name = path.getName();
        return name.startsWith("train")
                ? new org.apache.hadoop.fs.Path(path.getParent(), "t10k" + name.substring("train".length())).toString()
                : null;
    }

    private static boolean isFile(String location) {
        return SourceFiles.current().isFile(location);
    }

    private static String key(ImageSet train) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            train.digestInto(sha);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
