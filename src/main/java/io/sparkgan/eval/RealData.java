package io.sparkgan.eval;

import io.sparkgan.data.IdxArray;
import io.sparkgan.data.IdxReader;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The real data set a generator is compared with: the labelled training split (the reference classifier
 * trains on it) and a test split (the classifier's accuracy, the real-data floors). The test split is the
 * files given, else the t10k-* files beside the train-* files (MNIST's and Fashion-MNIST's naming), else the
 * last sixth of the training files, held out from the classifier's training.
 *
 * @param trainFiles  the files the training split was read from (images, labels), for the cache key
 * @param testSource  where the test split came from, in words
 */
public record RealData(ImageSet train, ImageSet test, List<Path> trainFiles, String testSource) {

    /**
     * @param limit      use only the first N training images (data.idx.limit), 0 = all
     * @param testImages test images file, or null to look beside the training files
     * @param testLabels test labels file, or null for the one named like the test images
     */
    public static RealData load(Path trainImages, Path trainLabels, int limit, Path testImages, Path testLabels) {
        if (trainLabels == null) {
            throw new InvalidDataException("the real data set " + trainImages + " needs its labels file (IDX1) for the "
                    + "reference classifier; " + labelsBeside(trainImages) + " was not given");
        }
        if (testImages == null) {
            Path images = besideAsTest(trainImages);
            Path labels = besideAsTest(trainLabels);
            if (images != null && labels != null && Files.isRegularFile(images) && Files.isRegularFile(labels)) {
                testImages = images;
                testLabels = labels;
            }
        } else if (testLabels == null) {
            testLabels = labelsBeside(testImages);
        }
        if (testImages != null) {
            ImageSet train = IdxReader.readImages(trainImages, trainLabels, limit);
            ImageSet test = IdxReader.readImages(testImages, testLabels, 0);
            if (!Arrays.equals(train.sampleShape(), test.sampleShape())) {
                throw new InvalidDataException("test images " + testImages + " are " + Arrays.toString(test.sampleShape())
                        + " but training images " + trainImages + " are " + Arrays.toString(train.sampleShape()));
            }
            return new RealData(train, test, List.of(trainImages, trainLabels), "test split " + testImages);
        }
        return heldOut(trainImages, trainLabels, limit);
    }

    /** No test files: the last sixth of the (limited) training images is the test split. */
    private static RealData heldOut(Path trainImages, Path trainLabels, int limit) {
        ImageSet all = IdxReader.readImages(trainImages, trainLabels, limit);
        IdxArray raw = IdxReader.read(trainImages);
        int n = all.size();
        int testCount = n / 6;
        if (testCount < 2) {
            throw new InvalidDataException("the real data set " + trainImages + " has " + n + " images: too few to hold "
                    + "out a test split; give evaluation.test-images");
        }
        int per = raw.dims()[1] * raw.dims()[2];
        int[] labels = all.labels().orElseThrow();
        int trainCount = n - testCount;
        ImageSet train = new ImageSet(Arrays.copyOfRange(raw.data(), 0, trainCount * per), trainCount, 1,
                raw.dims()[1], raw.dims()[2], Arrays.copyOfRange(labels, 0, trainCount));
        ImageSet test = new ImageSet(Arrays.copyOfRange(raw.data(), trainCount * per, n * per), testCount, 1,
                raw.dims()[1], raw.dims()[2], Arrays.copyOfRange(labels, trainCount, n));
        return new RealData(train, test, List.of(trainImages, trainLabels),
                "the last " + testCount + " of " + n + " training images, held out (no t10k-* files beside "
                        + trainImages.getFileName() + ")");
    }

    /** The labels file named like an images file: train-images-idx3-ubyte.gz -> train-labels-idx1-ubyte.gz. */
    public static Path labelsBeside(Path images) {
        String name = images.getFileName().toString();
        String labels = name.replace("images-idx3", "labels-idx1").replace("images", "labels");
        return images.resolveSibling(labels);
    }

    /** train-*.gz -> t10k-*.gz beside it, or null when the name does not start with "train". */
    private static Path besideAsTest(Path trainFile) {
        String name = trainFile.getFileName().toString();
        return name.startsWith("train") ? trainFile.resolveSibling("t10k" + name.substring("train".length())) : null;
    }
}
