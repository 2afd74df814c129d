package io.sparkgan.report;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample picture of every epoch (samples/epoch-NNNN.png), as the report embeds them. While all of them
 * together fit in {@link #BUDGET_BYTES} they are embedded as written; beyond that (hundreds of epochs of
 * 600 x 600 scatter plots) each is halved, as often as it takes, so the page stays a size a browser opens
 * quickly. The halved copies are kept in memory, keyed by file, size and modification time, so that a report
 * rewritten after every epoch scales each picture once, not once per epoch.
 */
final class SampleGallery {
    /** PNG bytes of all pictures together before they are halved: about 30 MB of page once base64-encoded. */
    static final long BUDGET_BYTES = 24L << 20;
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)\\.png");
    private static final int MIN_WIDTH = 96;
    private static final Map<Path, Scaled> SCALED = new ConcurrentHashMap<>();

    /** One epoch's picture; {@code halvings} is how often it was halved (0: as written). */
    record Picture(int epoch, String fileName, byte[] png, int halvings) {

        /** Width in pixels, from the PNG header (bytes 16-19 of the IHDR chunk); 0 if it is not a PNG. */
        int width() {
            if (png.length < 24 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
                return 0;
            }
            return ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
        }
    }

    /** A halved copy of a file as it was when halved; one per file, replaced when the file or halvings change. */
    private record Scaled(long size, FileTime modified, int halvings, byte[] png) {
    }

    private SampleGallery() {
    }

    /** The pictures in epoch order; none when samples/ does not exist. */
    static List<Picture> read(Path samples) {
        return read(samples, BUDGET_BYTES);
    }

    static List<Picture> read(Path samples, long budgetBytes) {
        List<Path> files = list(samples);
        long total = 0;
        for (Path f : files) {
            total += size(f);
        }
        // PNG size grows about with the area: each halving divides it by about 4.
        int halvings = 0;
        while (total > budgetBytes && halvings < 8) {
            total /= 4;
            halvings++;
        }
        List<Picture> out = new ArrayList<>();
        for (Path f : files) {
            out.add(new Picture(epochOf(f), f.getFileName().toString(), bytes(f, halvings), halvings));
        }
        return out;
    }

    private static int epochOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an epoch picture: " + file);
        }
        return Integer.parseInt(m.group(1));
    }

    private static List<Path> list(Path samples) {
        if (!Files.isDirectory(samples)) {
            return List.of();
        }
        try (var paths = Files.list(samples)) {
            return paths.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(SampleGallery::epochOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + samples.toAbsolutePath() + ": " + e, e);
        }
    }

    private static byte[] bytes(Path file, int halvings) {
        try {
            if (halvings == 0) {
                return Files.readAllBytes(file);
            }
            Path key = file.toAbsolutePath();
            long size = Files.size(file);
            FileTime modified = Files.getLastModifiedTime(file);
            Scaled cached = SCALED.get(key);
            if (cached == null || cached.size() != size || !cached.modified().equals(modified)
                    || cached.halvings() != halvings) {
                cached = new Scaled(size, modified, halvings, halve(Files.readAllBytes(file), halvings, file));
                SCALED.put(key, cached);
            }
            return cached.png();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /** Halves width and height {@code times} times (bilinear, one halving at a time keeps it sharp). */
    static byte[] halve(byte[] png, int times, Path file) throws IOException {
        BufferedImage image;
        try {
            image = io.sparkgan.data.ImageDecoder.read(png, file.toString(), io.sparkgan.data.ImageDecoder.DEFAULT_MAX_PIXELS);
        } catch (io.sparkgan.data.InvalidDataException e) {
            throw new IOException("not a picture ImageIO can read: " + e.getMessage(), e);
        }
        for (int i = 0; i < times && image.getWidth() / 2 >= MIN_WIDTH; i++) {
            BufferedImage half = new BufferedImage(image.getWidth() / 2, image.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = half.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, half.getWidth(), half.getHeight(), null);
            g.dispose();
            image = half;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f.toAbsolutePath() + ": " + e, e);
        }
    }
}
