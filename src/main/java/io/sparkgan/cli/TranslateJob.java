package io.sparkgan.cli;

import io.sparkgan.config.InvalidConfigException;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.InvalidDataException;
import io.sparkgan.io.ImageFiles;
import io.sparkgan.io.ModelStore;
import io.sparkgan.io.RunDirectory;
import io.sparkgan.model.layers.Convolution;
import io.sparkgan.platform.Location;
import io.sparkgan.platform.NativeThreads;
import io.sparkgan.platform.SparkContexts;
import io.sparkgan.source.IdxReader;
import io.sparkgan.source.IdxWriter;
import io.sparkgan.source.ImageDecoder;
import io.sparkgan.source.ImageFormats;
import io.sparkgan.source.SourceFiles;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * jobs/translate.sh: maps images through one generator of a CycleGAN run (G_AB: generator.zip, G_BA:
 * generator-ba.zip) or a generator model file, writing the same kind it reads: an image folder (PNG files under the
 * same relative names), an IDX file, or Parquet (every column kept, the image column's PNG bytes replaced,
 * translated on the executors). The generators are fully convolutional, so any image size whose sides are multiples
 * of 4 works; the channels are the model's.
 */
public final class TranslateJob {
    private static final int BATCH = 64;

    private TranslateJob() {
    }

    /** @param direction AB or BA; needed with a run directory, which holds both generators */
    public record Request(Location model, Location run, String direction, Location in, Location out, String imageColumn,
                          List<String> overrides) {
    }

    public static int run(Request request, PrintStream stdout, PrintStream stderr) {
        try {
            stdout.println(translate(request));
            return 0;
        } catch (InvalidConfigException | InvalidDataException | UncheckedIOException | IllegalArgumentException e) {
            stderr.println("error: " + e.getMessage());
            return 1;
        }
    }

    static String translate(Request r) {
        Location modelFile = modelFile(r);
        if (!r.in().exists()) {
            throw new IllegalArgumentException("--in " + r.in() + " does not exist");
        }
        MultiLayerNetwork generator = ModelStore.load(modelFile, false);
        int channels = inputChannels(generator, modelFile);
        if (isParquet(r.in())) {
            return parquet(r, modelFile, channels);
        }
        NativeThreads.prepare(0);
        return r.in().isDirectory() ? folder(r, generator, channels) : idx(r, generator, channels);
    }

    private static Location modelFile(Request r) {
        if (r.run() != null) {
            if (r.direction() == null) {
                throw new IllegalArgumentException("--run " + r.run() + " holds both generators: give --direction AB "
                        + "(generator.zip, A to B) or BA (generator-ba.zip, B to A)");
            }
            Location file = switch (r.direction().toUpperCase(Locale.ROOT)) {
                case "AB" -> r.run().resolve(RunDirectory.GENERATOR_FILE);
                case "BA" -> r.run().resolve(RunDirectory.REVERSE_GENERATOR_FILE);
                default -> throw new IllegalArgumentException("--direction " + r.direction() + " is not AB or BA");
            };
            if (!file.exists()) {
                throw new IllegalArgumentException("the run " + r.run() + " has no " + file.name()
                        + (file.name().equals(RunDirectory.REVERSE_GENERATOR_FILE)
                        ? ": it is not a CycleGAN run (cycle.enabled = true), or it has not finished" : ""));
            }
            return file;
        }
        if (!r.model().exists()) {
            throw new IllegalArgumentException("--model " + r.model() + " does not exist");
        }
        return r.model();
    }

    /** C of the images a CycleGAN generator takes; a generator of noise (a GAN's) is refused. */
    private static int inputChannels(MultiLayerNetwork generator, Location modelFile) {
        if (!(generator.getLayerWiseConfigurations().getConf(0).getLayer() instanceof Convolution first)) {
            throw new IllegalArgumentException("the model " + modelFile + " is not an image-to-image generator (a "
                    + "CycleGAN run's generator.zip or generator-ba.zip); it takes noise: use jobs/generate.sh");
        }
        return (int) first.getChannels();
    }

    private static String idx(Request r, MultiLayerNetwork generator, int channels) {
        if (channels != 1) {
            throw new IllegalArgumentException("--in " + r.in() + " is an IDX file of grey images, but the model takes "
                    + channels + " channels");
        }
        ImageSet set = IdxReader.readImages(r.in().hadoopPath().toString(), null, 0);
        long[] shape = set.sampleShape();
        checkSize(shape[1], shape[2], r.in().toString());
        byte[] out = new byte[(int) (set.size() * shape[1] * shape[2])];
        for (int from = 0; from < set.size(); from += BATCH) {
            int count = Math.min(BATCH, set.size() - from);
            int[] rows = new int[count];
            for (int i = 0; i < count; i++) {
                rows[i] = from + i;
            }
            byte[] translated = ImageFiles.toUint8(generator.output(set.batch(rows), false));
            System.arraycopy(translated, 0, out, (int) (from * shape[1] * shape[2]), translated.length);
        }
        r.out().write(o -> IdxWriter.writeImages(o, IdxWriter.gzipped(r.out().name()), out, set.size(), (int) shape[1],
                (int) shape[2]));
        return "translated " + set.size() + " images of IDX file " + r.in() + " into " + r.out();
    }

    private static String folder(Request r, MultiLayerNetwork generator, int channels) {
        SourceFiles source = SourceFiles.current();
        String root = source.qualified(r.in().hadoopPath().toString());
        List<String> files = source.listImages(root, "image folder");
        if (files.isEmpty()) {
            throw new InvalidDataException("no image files (" + ImageFormats.names() + ") under " + r.in());
        }
        ImageDecoder.Shape first = new ImageDecoder(1, 1, channels).shapeOf(source.readAllBytes(files.get(0), "image"),
                files.get(0));
        checkSize(first.height(), first.width(), files.get(0));
        ImageDecoder decoder = new ImageDecoder(first.height(), first.width(), channels, true);
        int per = channels * first.height() * first.width();
        for (int from = 0; from < files.size(); from += BATCH) {
            int count = Math.min(BATCH, files.size() - from);
            byte[] pixels = new byte[count * per];
            for (int i = 0; i < count; i++) {
                String file = files.get(from + i);
                System.arraycopy(decoder.decode(source.readAllBytes(file, "image"), file), 0, pixels, i * per, per);
            }
            INDArray translated = generator.output(new ImageSet(pixels, count, channels, first.height(),
                    first.width(), null).batch(range(count)), false);
            for (int i = 0; i < count; i++) {
                String relative = relativeTo(root, files.get(from + i));
                String name = relative.replaceFirst("\\.[^./]+$", "") + ".png";
                Location target = r.out().resolve(name);
                target.parent().mkdirs();
                ImageFiles.writePng(translated, i, target);
            }
        }
        return "translated " + files.size() + " image files of " + r.in() + " into " + r.out();
    }

    /** Parquet: the executors decode, translate and re-encode each partition; every other column is kept. */
    private static String parquet(Request r, Location modelFile, int channels) {
        List<String> overrides = new ArrayList<>(r.overrides());
        io.sparkgan.config.GanConfig config = ToolConfig.load(r.run(), null, overrides).config();
        byte[] modelBytes = modelFile.readAllBytes();
        try (SparkContexts.Handle spark = SparkContexts.open(config)) {
            JavaSparkContext sc = spark.context();
            SparkSession session = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
            Dataset<Row> rows = session.read().parquet(r.in().hadoopPath().toString());
            int column = List.of(rows.schema().fieldNames()).indexOf(r.imageColumn());
            if (column < 0) {
                throw new IllegalArgumentException("the Parquet data " + r.in() + " has no column '" + r.imageColumn()
                        + "' (columns: " + String.join(", ", rows.schema().fieldNames()) + "); give --image-column");
            }
            Broadcast<byte[]> model = sc.broadcast(modelBytes);
            String source = r.in().toString();
            JavaRDD<Row> translated = rows.javaRDD().mapPartitions((Iterator<Row> it) -> {
                MultiLayerNetwork g = ModelStore.loadBytes(model.value(), "the generator");
                List<Row> out = new ArrayList<>();
                it.forEachRemaining(row -> out.add(translateRow(g, row, column, channels, source)));
                return out.iterator();
            });
            Dataset<Row> result = session.createDataFrame(translated, rows.schema());
            result.write().mode("errorifexists").parquet(r.out().hadoopPath().toString());
            long n = session.read().parquet(r.out().hadoopPath().toString()).count();
            return "translated " + n + " images of Parquet " + r.in() + " (column " + r.imageColumn() + ") into "
                    + r.out();
        }
    }

    private static Row translateRow(MultiLayerNetwork g, Row row, int column, int channels, String source) {
        byte[] encoded = row.getAs(column);
        ImageDecoder.Shape shape = new ImageDecoder(1, 1, channels).shapeOf(encoded, source);
        checkSize(shape.height(), shape.width(), source);
        byte[] pixels = new ImageDecoder(shape.height(), shape.width(), channels, true).decode(encoded, source);
        INDArray image = new ImageSet(pixels, 1, channels, shape.height(), shape.width(), null).batch(new int[]{0});
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.get(i);
        }
        values[column] = ImageFiles.pngBytes(g.output(image, false), 0);
        return RowFactory.create(values);
    }

    private static void checkSize(long height, long width, String what) {
        if (height % 4 != 0 || width % 4 != 0) {
            throw new InvalidDataException(what + " holds " + height + "x" + width + " images; the generator needs "
                    + "sides that are multiples of 4");
        }
    }

    private static boolean isParquet(Location in) {
        if (in.name().endsWith(".parquet")) {
            return true;
        }
        if (!in.isDirectory()) {
            return false;
        }
        return in.files().stream().anyMatch(p -> p.name().endsWith(".parquet"));
    }

    /** The path of {@code file} below the folder {@code dir}, with '/' between names. */
    private static String relativeTo(String dir, String file) {
        return file.startsWith(dir + "/") ? file.substring(dir.length() + 1) : new org.apache.hadoop.fs.Path(file).getName();
    }

    private static int[] range(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
