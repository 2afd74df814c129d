package io.sparkgan.spark;

import io.sparkgan.data.IdxStreams;
import io.sparkgan.data.InvalidDataException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens any Hadoop path (a local path, file://, hdfs://, s3a://) on the driver or an executor. Hadoop's
 * Configuration is not serialisable, so its entries travel as a map (spark.hadoop.* settings included).
 */
final class HadoopFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> settings;

    HadoopFiles(Configuration conf) {
        this.settings = new HashMap<>();
        for (Map.Entry<String, String> e : conf) {
            settings.put(e.getKey(), e.getValue());
        }
    }

    Configuration configuration() {
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

    /** The file's bytes, gunzipped when it starts with gzip's magic bytes. */
    InputStream open(String path, String what) {
        try {
            return IdxStreams.decompressed(fileSystem(path).open(new Path(path)));
        } catch (FileNotFoundException e) {
            throw new InvalidDataException(what + " not found: " + path);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether the file starts with gzip's magic bytes. */
    boolean gzipped(String path, String what) {
        try (InputStream in = fileSystem(path).open(new Path(path))) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (FileNotFoundException e) {
            throw new InvalidDataException(what + " not found: " + path);
        } catch (IOException e) {
            throw new InvalidDataException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
        }
    }
}
