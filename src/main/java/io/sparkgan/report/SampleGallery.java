package io.sparkgan.report;

import io.sparkgan.platform.Location;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * quickly. A gallery keeps its halved copies in memory, keyed by file, size and modification time, so that a
 * report rewritten after every epoch scales each picture once, not once per epoch. One gallery serves one run's
 * report ({@link RunReport.Live}) and goes with it: nothing outlives the run in the JVM (a driver that trains
 * run after run, a notebook's GanEstimator.fit calls, would otherwise keep every run's pictures).
 */
final class SampleGallery {
    /** PNG bytes of all pictures together before they are halved: about 30 MB of page once base64-encoded. */
    static final long BUDGET_BYTES = 24L << 20;
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)\\.png");
    private static final int MIN_WIDTH = 96;
    private final Map<Location, Scaled> scaled = new ConcurrentHashMap<>();

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
    private record Scaled(long size, long modified, int halvings, byte[] png) {
    }

    SampleGallery() {
    }

    /** The pictures in epoch order, read once (a gallery of their own); none when samples/ does not exist. */
    static List<Picture> read(Location samples, long budgetBytes) {
        return new SampleGallery().pictures(samples, budgetBytes);
    }

    /** The pictures in epoch order; none when samples/ does not exist. */
    List<Picture> pictures(Location samples) {
        return pictures(samples, BUDGET_BYTES);
    }

    List<Picture> pictures(Location samples, long budgetBytes) {
        List<Location> files = list(samples);
        long total = 0;
        for (Location f : files) {
            total += f.length();
        }
        // PNG size grows about with the area: each halving divides it by about 4.
        int halvings = 0;
        while (total > budgetBytes && halvings < 8) {
            total /= 4;
            halvings++;
        }
        List<Picture> out = new ArrayList<>();
        for (Location f : files) {
            out.add(new Picture(epochOf(f), f.name(), bytes(f, halvings), halvings));
        }
        return out;
    }

    private static int epochOf(Location file) {
        Matcher m = NAME.matcher(file.name());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an epoch picture: " + file);
        }
        return Integer.parseInt(m.group(1));
    }

    private static List<Location> list(Location samples) {
        if (!samples.isDirectory()) {
            return List.of();
        }
        return samples.list().stream().filter(p -> NAME.matcher(p.name()).matches())
                .sorted(Comparator.comparingInt(SampleGallery::epochOf))
                .toList();
    }

    private byte[] bytes(Location file, int halvings) {
        if (halvings == 0) {
            return file.readAllBytes();
        }
        long size = file.length();
        long modified = file.modificationTime();
        Scaled cached = scaled.get(file);
        if (cached == null || cached.size() != size || cached.modified() != modified || cached.halvings() != halvings) {
            try {
                cached = new Scaled(size, modified, halvings, halve(file.readAllBytes(), halvings, file.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e, e);
            }
            scaled.put(file, cached);
        }
        return cached.png();
    }

    /** Halves width and height {@code times} times (bilinear, one halving at a time keeps it sharp). */
    static byte[] halve(byte[] png, int times, String file) throws IOException {
        BufferedImage image;
        try {
            image = io.sparkgan.source.ImageDecoder.read(png, file,
                    io.sparkgan.source.ImageDecoder.DEFAULT_MAX_PIXELS);
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
}
