package io.sparkgan.ml;

import io.sparkgan.cli.GenerateJob;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spark ML API on a real embedded Spark: fit on a format("image") DataFrame of PNGs written here, generate,
 * save and load (the loaded model draws exactly the same images), a Pipeline round trip, the saved folder as a
 * run directory for jobs/generate.sh, and bad input refused before training.
 */
class GanEstimatorTest {
    private static final String CONFIG = "model.type = dcgan\nmodel.dcgan.base-width = 8\nmodel.latent-dim = 16\n"
            + "train.max-steps-per-epoch = 2\noutput.sample-grid = 2\nthreads = 1";
    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("gan-estimator-test")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static void png(Path file, int size, int seed) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.getRaster().setSample(x, y, 0, (x * seed + y * 7) % 256);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static Dataset<Row> images(String name, int size, int n) throws IOException {
        Path folder = dir.resolve(name);
        for (int i = 0; i < n; i++) {
            png(folder.resolve(i + ".png"), size, i + 1);
        }
        return spark.read().format("image").load(folder.toString());
    }

    private static GanEstimator estimator(String out) {
        return new GanEstimator().setConfig(CONFIG).setEpochs(1).setBatchSize(8).setSeed(3)
                .setOutputDir(dir.resolve(out).toString());
    }

    private static List<byte[]> pixels(Dataset<Row> generated) {
        return generated.orderBy("image.origin").collectAsList().stream()
                .map(r -> (byte[]) r.getStruct(0).get(r.getStruct(0).fieldIndex("data"))).toList();
    }

    @Test
    void fitsOnAnImageDataFrameAndTheSavedModelGeneratesTheSameImages() throws IOException {
        Dataset<Row> frame = images("pngs", 28, 32).repartition(2);
        GanModel model = estimator("fit-run").fit(frame);
        assertThat(dir.resolve("fit-run/report.html")).exists();
        assertThat(dir.resolve("fit-run/checkpoints/LATEST")).exists();

        Dataset<Row> generated = model.generate(6, 7);
        assertThat(generated.schema().fieldNames()).containsExactly("image");
        Row first = generated.first().getStruct(0);
        assertThat(first.getInt(first.fieldIndex("height"))).isEqualTo(28);
        assertThat(first.getInt(first.fieldIndex("nChannels"))).isEqualTo(1);
        List<byte[]> before = pixels(generated);
        assertThat(before).hasSize(6);
        assertThat(before.get(0)).isNotEqualTo(before.get(1));

        String saved = dir.resolve("saved-model").toString();
        model.write().overwrite().save(saved);
        GanModel loaded = GanModel.load(saved);
        List<byte[]> after = pixels(loaded.generate(6, 7));
        for (int i = 0; i < 6; i++) {
            assertThat(after.get(i)).isEqualTo(before.get(i));
        }
        // D scores realness; the loaded model's D gives the same scores
        List<Double> scores = model.discriminator().transform(frame).select("realness").orderBy("realness")
                .collectAsList().stream().map(r -> r.getDouble(0)).toList();
        assertThat(scores).hasSize(32).allSatisfy(v -> assertThat(v).isFinite());
        assertThat(loaded.discriminator().transform(frame).select("realness").orderBy("realness").collectAsList()
                .stream().map(r -> r.getDouble(0)).toList()).isEqualTo(scores);
        // the saved folder is a run directory for jobs/generate.sh
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = GenerateJob.run(new GenerateJob.Request(null, io.sparkgan.platform.Location.of(saved), io.sparkgan.platform.Location.local(dir.resolve("from-saved.png")), null, 4,
                1L, null, null, null, List.of()), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(dir.resolve("from-saved.png")).exists();
    }

    @Test
    void aConditionalModelTakesItsClassesFromTheLabelColumn() throws IOException {
        Dataset<Row> frame = images("labelled-pngs", 28, 16).withColumn("label",
                org.apache.spark.sql.functions.expr("CAST(length(image.origin) % 2 AS INT)"));
        GanEstimator estimator = estimator("conditional-run").setLabelCol("label")
                .setOverrides("model.conditional.enabled=true");
        GanModel model = estimator.fit(frame);
        assertThat(model.classes()).isEqualTo(2);
        List<Row> generated = model.generate(4, 5).collectAsList();
        assertThat(generated).extracting(r -> r.getInt(1)).containsExactly(0, 1, 0, 1);
        assertThatThrownBy(() -> estimator("unlabelled").setOverrides("model.conditional.enabled=true").fit(frame))
                .hasMessageContaining("labelCol is not set");
    }

    /** SNGAN's residual networks through the ML API: fitted, then the same seeds give the same images. */
    @Test
    void aResidualModelFitsAndGeneratesRepeatably() throws IOException {
        Dataset<Row> frame = images("resnet-pngs", 28, 16);
        GanModel model = estimator("resnet-run").setOverrides("model.type=resnet", "model.resnet.generator-width=4",
                "model.resnet.discriminator-width=4", "loss.family=hinge", "loss.lipschitz=spectral").fit(frame);
        List<byte[]> a = pixels(model.generate(3, 11));
        List<byte[]> b = pixels(model.generate(3, 11));
        assertThat(a).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(b.get(i)).hasSize(28 * 28).isEqualTo(a.get(i));
        }
        assertThat(a.get(0)).isNotEqualTo(a.get(1));
        // G's batch norms draw on standing statistics: a seed's image does not depend on its partition's other rows
        Dataset<Row> seeds = spark.range(6).toDF("seed");
        List<byte[]> one = pixels(model.transform(seeds.repartition(1)).select("image"));
        List<byte[]> three = pixels(model.transform(seeds.repartition(3)).select("image"));
        for (int i = 0; i < 6; i++) {
            assertThat(three.get(i)).isEqualTo(one.get(i));
        }
    }

    @Test
    void aPipelineWithTheEstimatorSavesAndLoadsBack() throws IOException {
        Dataset<Row> frame = images("pipeline-pngs", 28, 16);
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[]{estimator("pipeline-run")}).fit(frame);
        String saved = dir.resolve("saved-pipeline").toString();
        pipeline.write().overwrite().save(saved);
        PipelineModel loaded = PipelineModel.load(saved);
        assertThat(loaded.stages()[0]).isInstanceOf(GanModel.class);
        List<byte[]> a = pixels(((GanModel) pipeline.stages()[0]).generate(3, 11));
        List<byte[]> b = pixels(((GanModel) loaded.stages()[0]).generate(3, 11));
        for (int i = 0; i < 3; i++) {
            assertThat(b.get(i)).isEqualTo(a.get(i));
        }
        // transform: one image per seed row
        Dataset<Row> seeds = spark.range(4).toDF("seed");
        assertThat(((GanModel) loaded.stages()[0]).transform(seeds).count()).isEqualTo(4);
    }

    @Test
    void badInputIsRefusedBeforeTrainingNamingTheColumn() throws IOException {
        Dataset<Row> frame = images("bad-pngs", 28, 4);
        assertThatThrownBy(() -> estimator("no-column").setImageCol("picture").fit(frame))
                .hasMessageContaining("column 'picture' (imageCol) is not in the DataFrame").hasMessageContaining("image");
        Dataset<Row> strings = frame.selectExpr("image.origin AS image");
        assertThatThrownBy(() -> estimator("wrong-type").fit(strings))
                .hasMessageContaining("column 'image' (imageCol) holds string");
        Dataset<Row> mixed = frame.union(images("bigger-pngs", 32, 2));
        assertThatThrownBy(() -> estimator("mixed").fit(mixed))
                .hasMessageContaining("column 'image' holds images of mixed sizes").hasMessageContaining("32x32x1")
                .hasMessageContaining("28x28x1");
        assertThat(dir.resolve("mixed")).doesNotExist();

        // a folder of class folders read without recursiveFileLookup is an empty DataFrame
        png(dir.resolve("classes/sandal/0.png"), 28, 1);
        Dataset<Row> empty = spark.read().format("image").load(dir.resolve("classes").toString());
        assertThat(empty.count()).isZero();
        assertThatThrownBy(() -> estimator("empty").fit(empty))
                .hasMessageContaining("the DataFrame has no rows (imageCol 'image')")
                .hasMessageContaining("recursiveFileLookup");
        assertThat(dir.resolve("empty")).doesNotExist();
        assertThat(spark.read().format("image").option("recursiveFileLookup", "true")
                .load(dir.resolve("classes").toString()).count()).isEqualTo(1);
    }
}
