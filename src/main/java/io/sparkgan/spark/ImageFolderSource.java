package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.data.ImageDecoder;
import io.sparkgan.data.InvalidDataException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A tree of image files under any Hadoop path, read recursively (Hive-style part=N/ folders are just
 * folders). Spark's binaryFile source lists the tree (in parallel, as a Spark job, where it has many
 * folders) without reading the files; the paths are sorted and split into P contiguous ranges, so that
 * partitions and their order are the same on every run, and executors read and decode their files. A
 * file's class is its parent folder's name (classes numbered in sorted order). Files whose extension is not
 * an image's are skipped and counted; hidden files (. or _) are not listed.
 */
final class ImageFolderSource {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolderSource() {
    }

    static PartitionedData load(JavaSparkContext sc, DataConfig data, int partitions, String id) {
        HadoopFiles files = new HadoopFiles(sc.hadoopConfiguration());
        String root = data.folderPath();
        JavaRDD<String> all = listing(sc, root).javaRDD().map(r -> r.getString(0));
        JavaRDD<String> images = all.filter(p -> EXTENSIONS.contains(extension(p))).cache();
        long n = images.count();
        long skipped = all.count() - n;
        if (n == 0) {
            images.unpersist(false);
            throw new InvalidDataException("image folder " + root + " holds no image files (PNG, JPEG, BMP, GIF)"
                    + (skipped > 0 ? "; it holds " + skipped + " other files" : ""));
        }
        if (skipped > 0) {
            org.slf4j.LoggerFactory.getLogger(ImageFolderSource.class).warn(
                    "skipped {} files under {} that are not images by their extension", skipped, root);
        }
        List<String> classes = new ArrayList<>(images.map(ImageFolderSource::className).distinct().collect());
        classes.sort(null);
        int p = (int) Math.min(partitions, n);
        JavaRDD<String> sorted = images.sortBy(path -> path, true, p);
        String first = sorted.first();
        ImageDecoder decoder = ImageDecoder.of(data);
        FirstImage.check(decoder, read(files, first), first);
        JavaRDD<Object> decoded = sorted.zipWithIndex()
                .mapToPair(Tuple2::swap)
                .repartitionAndSortWithinPartitions(new ContiguousRanges(n, p))
                .map(t -> {
                    String path = t._2();
                    return decode(files, decoder, path, classes.indexOf(className(path)));
                });
        try {
            return EncodedImages.finish(decoded, data, id, "data.folder.path = " + root, skipped, classes);
        } finally {
            images.unpersist(false);
        }
    }

    /** The tree's files as a one-column (path) frame; nothing is read but the listing. */
    private static Dataset<Row> listing(JavaSparkContext sc, String root) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        try {
            return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(root).select("path");
        } catch (Exception e) {   // AnalysisException, undeclared from Scala
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (message.contains("Path does not exist")) {
                throw new InvalidDataException("image folder not found: data.folder.path = " + root);
            }
            throw new InvalidDataException("cannot list image folder " + root + ": " + message, e);
        }
    }

    private static byte[] read(HadoopFiles files, String path) {
        try (InputStream in = files.fileSystem(path).open(new Path(path))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidDataException("cannot read image " + path + ": " + e.getMessage(), e);
        }
    }

    private static ImageRow decode(HadoopFiles files, ImageDecoder decoder, String path, int label) {
        try {
            return ImageRow.of(decoder.decode(read(files, path), path), label);
        } catch (InvalidDataException e) {
            return ImageRow.bad(path, e.getMessage());
        }
    }

    static String className(String path) {
        return new Path(path).getParent().getName();
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        return dot < 0 || dot < slash ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
