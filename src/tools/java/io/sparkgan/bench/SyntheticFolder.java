package io.sparkgan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder of n synthetic size x size PNG images with {@code channels} channels (the pictures of
 * {@link SyntheticParquet#png}), image i in class folder {@code class-(i mod 10)}: an image set for
 * {@code data.source = folder} that needs no download. An existing folder with the same parameters is reused.
 */
final class SyntheticFolder {
    private SyntheticFolder() {
    }

    static Path write(Path dir, int n, int size, int channels) {
        Path done = dir.resolve("_COMPLETE");
        String description = n + " images " + size + "x" + size + "x" + channels;
        try {
            if (Files.exists(done) && Files.readString(done).equals(description)) {
                return dir;
            }
            for (int i = 0; i < n; i++) {
                Path file = dir.resolve("class-" + i % 10).resolve(String.format("%06d.png", i));
                Files.createDirectories(file.getParent());
                Files.write(file, SyntheticParquet.png(i, size, channels));
            }
            Files.writeString(done, description);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
