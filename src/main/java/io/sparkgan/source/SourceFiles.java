package io.sparkgan.source;

import io.sparkgan.data.InvalidDataException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens any Hadoop path (a local path, file://, hdfs://, s3a://) on the driver, an executor or in one JVM. Hadoop's
 * Configuration is not serialisable, so its entries travel as a map (spark.hadoop.* settings included).
 */
public final class SourceFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> settings;

    public SourceFiles(Configuration conf) {
        this.settings = new HashMap<>();
        for (Map.Entry<String, String> e : conf) {
            settings.put(e.getKey(), e.getValue());
        }
    }

    /** The run's Hadoop configuration ({@link io.sparkgan.platform.HadoopConfigurations#current()}). */
    public static SourceFiles current() {
        return new SourceFiles(io.sparkgan.platform.HadoopConfigurations.current());
    }

    public Configuration configuration() {
        Configuration conf = new Configuration(false);
        settings.forEach(conf::set);
        return conf;
    }

    FileSystem fileSystem(String path) {
        try {
            return new Path(path).getFileSystem(configuration());
        } catch (IOException e) {
            throw new InvalidDataException("cannot reach the file system of " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file's raw bytes as a stream. */
    public InputStream openRaw(String path, String what) {
        try {
            return fileSystem(path).open(new Path(path));
        } catch (FileNotFoundException e) {
            throw new InvalidDataException(what + " not found: " + path);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file's bytes, gunzipped when it starts with gzip's magic bytes. */
    public InputStream open(String path, String what) {
        InputStream raw = openRaw(path, what);
        try {
            return IdxStreams.decompressed(raw);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new InvalidDataException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** The whole file. */
    public byte[] readAllBytes(String path, String what) {
        try (InputStream in = openRaw(path, what)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidDataException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file starts with gzip's magic bytes. */
    public boolean gzipped(String path, String what) {
        try (InputStream in = openRaw(path, what)) {
            return IdxStreams.isGzipMagic(in.read(), in.read());
        } catch (IOException e) {
            throw new InvalidDataException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code path} exists (false when it cannot be reached). */
    public boolean exists(String path) {
        try {
            Path p = new Path(path);
            return p.getFileSystem(configuration()).exists(p);
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code path} is an existing file (false when it is missing, a folder, or cannot be reached). */
    public boolean isFile(String path) {
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(configuration());
            return fs.exists(p) && fs.getFileStatus(p).isFile();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Every file under {@code root} (the file itself when it is one), recursively, leaving out what Spark's file
     * sources leave out: names (of files and of folders below the root) starting with '.', or with '_' unless they
     * hold '=' (a Hive-style partition folder), and files still being copied (._COPYING_). Sorted by path.
     *
     * @param what the source in words, for the error when the root does not exist
     */
    public List<String> listFiles(String root, String what) {
        Path rootPath = new Path(root);
        List<String> files = new ArrayList<>();
        try {
            FileSystem fs = rootPath.getFileSystem(configuration());
            Path qualifiedRoot = fs.makeQualified(rootPath);
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualifiedRoot, true);
            while (it.hasNext()) {
                Path file = it.next().getPath();
                if (!hiddenBelow(qualifiedRoot, file)) {
                    files.add(file.toString());
                }
            }
        } catch (FileNotFoundException e) {
            throw new InvalidDataException(what + " not found: " + root);
        } catch (IOException e) {
            throw new InvalidDataException("cannot list " + what + " " + root + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }

    /** The path made absolute, with its file system's scheme: the form {@link #listFiles} names files in. */
    public String qualified(String path) {
        Path p = new Path(path);
        return fileSystem(path).makeQualified(p).toString();
    }

    /** The image files ({@link ImageFormats}) among {@link #listFiles}, sorted by path. */
    public List<String> listImages(String root, String what) {
        return listFiles(root, what).stream().filter(ImageFormats::isImage).toList();
    }

    /** Whether a name on the way from {@code root} (excluded) down to {@code file} is hidden. */
    private static boolean hiddenBelow(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            if (hidden(p.getName())) {
                return true;
            }
        }
        return false;
    }

    static boolean hidden(String name) {
        return name.startsWith(".") || (name.startsWith("_") && !name.contains("=")) || name.endsWith("._COPYING_");
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the read has ended or failed already
        }
    }
}
