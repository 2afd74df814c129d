package io.sparkgan.ml;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.run.RunDirectoryPicker;
import io.sparkgan.run.TrainOptions;
import io.sparkgan.spark.DataFrameSource;
import io.sparkgan.spark.PartitionedData;
import io.sparkgan.spark.SparkEngine;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a GAN on a DataFrame's images with the Spark engine, as a Spark ML Estimator: the experiment is a
 * HOCON file or text ({@code config}) with {@code overrides}; the images come from {@code imageCol} (Spark's image
 * struct or encoded bytes) and, for a conditional model, the classes from {@code labelCol}; the data keeps the
 * DataFrame's partitions (one partition per task and round). fit writes the run directory that jobs/train.sh
 * writes ({@code outputDir}: checkpoints, metrics, report, generator) and returns a {@link GanModel}.
 */
public final class GanEstimator extends Estimator<GanModel> implements DefaultParamsWritable {
    private final String uid;
    public final Param<String> config;
    public final StringArrayParam overrides;
    public final Param<String> imageCol;
    public final Param<String> labelCol;
    public final IntParam epochs;
    public final IntParam batchSize;
    public final LongParam seed;
    public final Param<String> outputDir;
    public final BooleanParam resume;

    public GanEstimator() {
        this(Identifiable$.MODULE$.randomUID("ganEstimator"));
    }

    public GanEstimator(String uid) {
        this.uid = uid;
        this.labelCol = new Param<>(this, "labelCol", "integer class column; empty = none");
        this.epochs = new IntParam(this, "epochs", "train.epochs; 0 = the config's");
        this.batchSize = new IntParam(this, "batchSize", "train.batch-size (global); 0 = the config's");
        this.seed = new LongParam(this, "seed", "seed; the config's when not set");
        this.outputDir = new Param<>(this, "outputDir",
            "run directory (checkpoints, report, metrics); empty = runs/<name>-<time>");
        this.config = new Param<>(this, "config",
            "the experiment: a HOCON file path, or HOCON text (e.g. \"model.type = dcgan\\ntrain.epochs = 5\")");
        this.overrides = new StringArrayParam(this, "overrides", "key=value config overrides");
        this.imageCol = new Param<>(this, "imageCol",
            "image column: Spark's image struct (format(\"image\")) or encoded image bytes (format(\"binaryFile\"))");
        this.resume = new BooleanParam(this, "resume",
            "continue the run in outputDir from its latest checkpoint");
        setDefault(config, "");
        setDefault(overrides, new String[0]);
        setDefault(imageCol, "image");
        setDefault(labelCol, "");
        setDefault(epochs, 0);
        setDefault(batchSize, 0);
        setDefault(outputDir, "");
        setDefault(resume, false);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> config() {
        return config;
    }

    public StringArrayParam overrides() {
        return overrides;
    }

    public Param<String> imageCol() {
        return imageCol;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public IntParam epochs() {
        return epochs;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public LongParam seed() {
        return seed;
    }

    public Param<String> outputDir() {
        return outputDir;
    }

    public BooleanParam resume() {
        return resume;
    }

    public GanEstimator setConfig(String value) {
        set(config, value);
        return this;
    }

    public GanEstimator setOverrides(String... value) {
        set(overrides, value);
        return this;
    }

    public GanEstimator setImageCol(String value) {
        set(imageCol, value);
        return this;
    }

    public GanEstimator setLabelCol(String value) {
        set(labelCol, value);
        return this;
    }

    public GanEstimator setEpochs(int value) {
        set(epochs, value);
        return this;
    }

    public GanEstimator setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public GanEstimator setSeed(long value) {
        set(seed, value);
        return this;
    }

    public GanEstimator setOutputDir(String value) {
        set(outputDir, value);
        return this;
    }

    public GanEstimator setResume(boolean value) {
        set(resume, value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        DataFrameSource.check(schema, $(imageCol), $(labelCol));
        return schema;
    }

    /** The experiment with the params' overrides: data.source = dataframe, the Spark engine, no in-run evaluation. */
    GanConfig gan() {
        List<String> all = new ArrayList<>(Arrays.asList($(overrides)));
        all.add("data.source=dataframe");
        all.add("engine=spark");
        all.add("evaluation.every-epochs=0");
        int e = ((Number) $(epochs)).intValue();
        int b = ((Number) $(batchSize)).intValue();
        if (e > 0) {
            all.add("train.epochs=" + e);
        }
        if (b > 0) {
            all.add("train.batch-size=" + b);
        }
        if (isSet(seed)) {
            all.add("seed=" + $(seed));
        }
        String text = $(config);
        if (!text.contains("\n") && !text.contains("=") && !text.isBlank()) {
            Path file = Path.of(text);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config = \"" + text + "\" (GanEstimator) is neither HOCON text nor a "
                        + "readable file");
            }
            return ConfigLoader.load(file, all);
        }
        return ConfigLoader.parse(text, "gan-estimator", all);
    }

    @Override
    public GanModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        GanConfig gan = gan();
        if (gan.model().conditional() && $(labelCol).isBlank()) {
            throw new IllegalArgumentException("the config asks for a conditional GAN (model.conditional.enabled = true)"
                    + " but labelCol is not set; name the DataFrame's integer class column");
        }
        PrintStream progress = System.out;
        PartitionedData data = DataFrameSource.load(dataset, $(imageCol), $(labelCol), gan.data());
        try {
            String out = $(outputDir).isBlank() ? null : $(outputDir);
            boolean resuming = (Boolean) $(resume);
            RunDirectoryPicker.Prepared prepared = RunDirectoryPicker.prepare(gan,
                    new TrainOptions(resuming ? null : out, resuming ? out : null, false, false), progress);
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
            new SparkEngine(gan, prepared.run(), progress).trainOn(sc, data, false, resuming);
            byte[] generator = prepared.run().generatorModel().readAllBytes();
            byte[] discriminator = prepared.run().file(io.sparkgan.io.RunDirectory.DISCRIMINATOR_FILE).readAllBytes();
            GanModel model = new GanModel(GanModel.newUid(), generator, discriminator, gan.resolved(), gan.name());
            return model.setParent(this);
        } finally {
            data.rows().unpersist(false);   // the executors' cache of the run is released by trainOn
        }
    }

    @Override
    public GanEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<GanEstimator> read() {
        return new DefaultParamsReader<>();
    }

    public static GanEstimator load(String path) {
        return read().load(path);
    }
}
