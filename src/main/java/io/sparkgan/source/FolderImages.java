package io.sparkgan.source;

import io.sparkgan.data.InvalidDataException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * A tree of image files under any Hadoop path, read recursively (Hive-style part=N/ folders are just folders): the
 * listing ({@link SourceFiles#listFiles}: hidden names left out, sorted by path) is made once, where the source is
 * opened, without reading a file; the inputs are the image files in path order. A file's class is its parent
 * folder's name, the classes numbered in sorted order. Files whose extension is not an image's are counted as
 * {@link #notInputs()} and left out.
 */
final class FolderImages implements ImageInputs {
    private static final long serialVersionUID = 1L;
    private final SourceFiles files;
    private final String root;
    private final ArrayList<String> paths;
    private final int[] labels;
    private final ArrayList<String> classes;
    private final long notImages;
    private final ImageDecoder decoder;

    private FolderImages(SourceFiles files, String root, List<String> paths, int[] labels, List<String> classes,
                         long notImages, ImageDecoder decoder) {
        this.files = files;
        this.root = root;
        this.paths = new ArrayList<>(paths);
        this.labels = labels;
        this.classes = new ArrayList<>(classes);
        this.notImages = notImages;
        this.decoder = decoder;
    }

    /** Lists the tree; refuses a missing folder and one without image files. */
    static FolderImages open(SourceFiles files, String root, ImageDecoder decoder) {
        if (!files.exists(root)) {
            throw new InvalidDataException("image folder not found: data.folder.path = " + root);
        }
        List<String> all = files.listFiles(root, "image folder");
        List<String> images = all.stream().filter(ImageFormats::isImage).toList();
        long skipped = all.size() - images.size();
        if (images.isEmpty()) {
            throw new InvalidDataException("image folder " + root + " holds no image files (" + ImageFormats.names()
                    + ")" + (skipped > 0 ? "; it holds " + skipped + " other files" : ""));
        }
        if (skipped > 0) {
            org.slf4j.LoggerFactory.getLogger(FolderImages.class).warn(
                    "skipped {} files under {} that are not images by their extension", skipped, root);
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(images.stream().map(FolderImages::className).toList()));
        int[] labels = images.stream().mapToInt(p -> classes.indexOf(className(p))).toArray();
        return new FolderImages(files, root, images, labels, classes, skipped, decoder);
    }

    static String className(String path) {
        return new org.apache.hadoop.fs.Path(path).getParent().getName();
    }

    @Override
    public long size() {
        return paths.size();
    }

    @Override
    public ImageInputs range(long from, long count) {
        int a = (int) from;
        int b = (int) (from + count);
        return new FolderImages(files, root, paths.subList(a, b), java.util.Arrays.copyOfRange(labels, a, b), classes,
                0, decoder);
    }

    @Override
    public ImageInputs pick(long[] sortedRows) {
        List<String> picked = new ArrayList<>();
        int[] pickedLabels = new int[sortedRows.length];
        for (int i = 0; i < sortedRows.length; i++) {
            picked.add(paths.get((int) sortedRows[i]));
            pickedLabels[i] = labels[(int) sortedRows[i]];
        }
        return new FolderImages(files, root, picked, pickedLabels, classes, 0, decoder);
    }

    @Override
    public List<String> classNames() {
        return classes;
    }

    @Override
    public long notInputs() {
        return notImages;
    }

    @Override
    public void checkFirst() {
        String first = paths.get(0);
        FirstImage.check(decoder, files.readAllBytes(first, "image"), first);
    }

    @Override
    public String where() {
        return "data.folder.path = " + root;
    }

    @Override
    public Iterator<ImageRow> rows() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < paths.size();
            }

            @Override
            public ImageRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String path = paths.get(next);
                int label = labels[next++];
                try {
                    return ImageRow.of(decoder.decode(files.readAllBytes(path, "image"), path), label);
                } catch (InvalidDataException e) {
                    return ImageRow.bad(path, e.getMessage());
                }
            }
        };
    }
}
