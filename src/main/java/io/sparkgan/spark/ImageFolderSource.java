package io.sparkgan.spark;

import io.sparkgan.config.DataConfig;
import io.sparkgan.data.ImageDecoder;
import io.sparkgan.data.InvalidDataException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tree of image files under any Hadoop path, read recursively (Hive-style part=N/ folders are just
 * folders). The driver lists the paths, sorted, so partitions and their order are the same on every run;
 * executors read and decode them. A file's class is its parent folder's name (classes numbered in sorted
 * order). Files whose extension is not an image's are skipped and counted; so are hidden files (. or _).
 */
final class ImageFolderSource {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolderSource() {
    }

    static PartitionedData load(JavaSparkContext sc, DataConfig data, int partitions, String id) {
        HadoopFiles files = new HadoopFiles(sc.hadoopConfiguration());
        String root = data.folderPath();
        List<String> images = new ArrayList<>();
        long skipped = 0;
        FileSystem fs = files.fileSystem(root);
        try {
            Path rootPath = new Path(root);
            if (!fs.exists(rootPath)) {
                throw new InvalidDataException("image folder not found: data.folder.path = " + root);
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(rootPath, true);
            while (it.hasNext()) {
                Path p = it.next().getPath();
                String name = p.getName();
                if (name.startsWith(".") || name.startsWith("_")) {
                    continue;
                }
                if (EXTENSIONS.contains(extension(name))) {
                    images.add(p.toString());
                } else {
                    skipped++;
                }
            }
        } catch (FileNotFoundException e) {
            throw new InvalidDataException("image folder not found: data.folder.path = " + root);
        } catch (IOException e) {
            throw new InvalidDataException("cannot list image folder " + root + ": " + e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new InvalidDataException("image folder " + root + " holds no image files (PNG, JPEG, BMP, GIF)"
                    + (skipped > 0 ? "; it holds " + skipped + " other files" : ""));
        }
        images.sort(null);
        TreeSet<String> classNames = new TreeSet<>();
        images.forEach(p -> classNames.add(new Path(p).getParent().getName()));
        List<String> classes = new ArrayList<>(classNames);
        if (skipped > 0) {
            org.slf4j.LoggerFactory.getLogger(ImageFolderSource.class).warn(
                    "skipped {} files under {} that are not images by their extension", skipped, root);
        }
        int p = Math.min(partitions, images.size());
        ImageDecoder decoder = new ImageDecoder(data.imageHeight(), data.imageWidth(), data.imageChannels());
        JavaRDD<Object> decoded = sc.parallelize(images, p).mapPartitions((Iterator<String> paths) -> {
            List<Object> out = new ArrayList<>();
            while (paths.hasNext()) {
                String path = paths.next();
                int label = classes.indexOf(new Path(path).getParent().getName());
                out.add(decode(files, decoder, path, label));
            }
            return out.iterator();
        }, true);
        return EncodedImages.finish(decoded, data, id, "data.folder.path = " + root, skipped);
    }

    private static ImageRow decode(HadoopFiles files, ImageDecoder decoder, String path, int label) {
        try (InputStream in = files.fileSystem(path).open(new Path(path))) {
            return ImageRow.of(decoder.decode(in.readAllBytes(), path), label);
        } catch (IOException | InvalidDataException e) {
            return ImageRow.bad(path, e.getMessage());
        }
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
