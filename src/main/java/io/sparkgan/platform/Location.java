package io.sparkgan.platform;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A file or folder on any Hadoop file system: a path without a scheme is a local path (relative to the working
 * folder), {@code hdfs://}, {@code s3a://} and the rest reach their file system with the run's Hadoop
 * configuration ({@link HadoopConfigurations#current()}: Spark's, spark.hadoop.* included). Every file a run or a
 * tool reads or writes goes through this class.
 *
 * <p>Replacing a file ({@link #write}) is atomic where the file system allows it: local disks move a temporary
 * file into place (rename(2)); HDFS renames a temporary file onto the target in one NameNode operation
 * ({@code Rename.OVERWRITE}); object stores (S3A, GCS, ABFS without a namespace) have no atomic rename, but an
 * object appears whole when its upload completes, so the target is written directly: a reader sees the old or the
 * new file, never half of one, though a crash mid-upload leaves the old one. Local files are read and written
 * without Hadoop's .crc side files.
 */
public final class Location {
    private final FileSystem fs;
    private final Path path;

    private Location(FileSystem fs, Path path) {
        this.fs = fs;
        this.path = path;
    }

    /** {@code uriOrPath} with the run's Hadoop configuration. */
    public static Location of(String uriOrPath) {
        return of(uriOrPath, HadoopConfigurations.current());
    }

    public static Location of(String uriOrPath, Configuration conf) {
        if (uriOrPath == null || uriOrPath.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        Path p = new Path(uriOrPath);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (fs instanceof LocalFileSystem local) {
                fs = local.getRaw(); // no .crc side files on local disks
            }
            return new Location(fs, fs.makeQualified(p));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot reach the file system of " + uriOrPath + ": " + e, e));
        }
    }

    /** A local file or folder. */
    public static Location local(java.nio.file.Path path) {
        return of(path.toAbsolutePath().normalize().toString());
    }

    public Location resolve(String child) {
        return new Location(fs, new Path(path, child));
    }

    /** The folder that holds this one (itself at the root). */
    public Location parent() {
        Path parent = path.getParent();
        return parent == null ? this : new Location(fs, parent);
    }

    /** The last name of the path. */
    public String name() {
        return path.getName();
    }

    public boolean isLocal() {
        return "file".equals(path.toUri().getScheme());
    }

    /** The local file (only for {@link #isLocal()} locations). */
    public java.nio.file.Path toLocalPath() {
        if (!isLocal()) {
            throw new IllegalStateException(this + " is not a local path");
        }
        return java.nio.file.Path.of(path.toUri());
    }

    public Path hadoopPath() {
        return path;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public boolean exists() {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw failure("cannot read", e);
        }
    }

    public boolean isDirectory() {
        try {
            return fs.getFileStatus(path).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw failure("cannot read", e);
        }
    }

    public boolean isFile() {
        try {
            return fs.getFileStatus(path).isFile();
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw failure("cannot read", e);
        }
    }

    /** Size in bytes of a file. */
    public long length() {
        return status().getLen();
    }

    /** Modification time of a file, in milliseconds since the epoch. */
    public long modificationTime() {
        return status().getModificationTime();
    }

    /** The entries of a folder sorted by name (empty when there is no such folder). */
    public List<Location> list() {
        try {
            if (!fs.exists(path)) {
                return List.of();
            }
            FileStatus[] statuses = fs.listStatus(path);
            return Arrays.stream(statuses).map(s -> new Location(fs, s.getPath()))
                    .sorted(Comparator.comparing(Location::name)).toList();
        } catch (IOException e) {
            throw failure("cannot list", e);
        }
    }

    /** Every file under a folder (recursively), sorted by path; a file alone when this is a file. */
    public List<Location> files() {
        List<Location> out = new ArrayList<>();
        try {
            var it = fs.listFiles(path, true);
            while (it.hasNext()) {
                out.add(new Location(fs, it.next().getPath()));
            }
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("cannot list", e);
        }
        out.sort(Comparator.comparing(l -> l.path.toString()));
        return out;
    }

    public InputStream open() {
        try {
            return fs.open(path);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(new FileNotFoundException("file not found: " + this));
        } catch (IOException e) {
            throw failure("cannot read", e);
        }
    }

    public byte[] readAllBytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failure("cannot read", e);
        }
    }

    public String readString() {
        return new String(readAllBytes(), StandardCharsets.UTF_8);
    }

    public void mkdirs() {
        try {
            if (!fs.mkdirs(path)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw failure("cannot create folder", e);
        }
    }

    /** Deletes this file, or this folder with everything in it; false when there was nothing. */
    public boolean delete() {
        try {
            return fs.delete(path, true);
        } catch (IOException e) {
            throw failure("cannot delete", e);
        }
    }

    public void writeString(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the file with {@code bytes}, atomically where the file system allows it (see the class comment). */
    public void write(byte[] bytes) {
        write(out -> out.write(bytes));
    }

    /** What writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces the file with what {@code content} writes, atomically where the file system allows it. */
    public void write(Content content) {
        try {
            if (isLocal()) {
                java.nio.file.Path target = toLocalPath();
                java.nio.file.Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    content.writeTo(out);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else if (fs instanceof DistributedFileSystem dfs) {
                Path tmp = new Path(path.getParent(), path.getName() + ".tmp");
                try (OutputStream out = fs.create(tmp, true)) {
                    content.writeTo(out);
                }
                dfs.rename(tmp, path, Options.Rename.OVERWRITE);
            } else {
                try (OutputStream out = fs.create(path, true)) {
                    content.writeTo(out);
                }
            }
        } catch (IOException e) {
            throw failure("cannot write", e);
        }
    }

    /**
     * Adds {@code bytes} at the end of the file (creating it): an append on local disks; elsewhere the file is
     * rewritten whole through {@link #write}, since object stores cannot append and HDFS appends need a pipeline
     * that small clusters may not have (the files appended to, metrics.jsonl, stay small).
     */
    public void append(byte[] bytes) {
        try {
            if (isLocal()) {
                Files.write(toLocalPath(), bytes, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                return;
            }
        } catch (IOException e) {
            throw failure("cannot append to", e);
        }
        byte[] before = exists() ? readAllBytes() : new byte[0];
        byte[] after = Arrays.copyOf(before, before.length + bytes.length);
        System.arraycopy(bytes, 0, after, before.length, bytes.length);
        write(after);
    }

    /** Cuts the file back to its first {@code bytes} bytes (nothing when it is absent). */
    public void truncate(long bytes) {
        if (!exists()) {
            return;
        }
        if (isLocal()) {
            try (var channel = java.nio.channels.FileChannel.open(toLocalPath(), java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(bytes);
            } catch (IOException e) {
                throw failure("cannot truncate", e);
            }
            return;
        }
        byte[] all = readAllBytes();
        if (all.length > bytes) {
            write(Arrays.copyOf(all, (int) bytes));
        }
    }

    private FileStatus status() {
        try {
            return fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(new FileNotFoundException("file not found: " + this));
        } catch (IOException e) {
            throw failure("cannot read", e);
        }
    }

    private UncheckedIOException failure(String what, IOException e) {
        return new UncheckedIOException(what + " " + this + ": " + e.getMessage(), e);
    }

    /** A local path as a plain absolute path (as users type it), any other as its URI. */
    @Override
    public String toString() {
        return isLocal() ? path.toUri().getPath() : path.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location other && path.equals(other.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
