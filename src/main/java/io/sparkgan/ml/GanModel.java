package io.sparkgan.ml;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.eval.GeneratorSampler;
import io.sparkgan.io.ModelStore;
import io.sparkgan.train.LatentPrior;
import io.sparkgan.train.Seeds;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * A trained generator as a Spark ML Model. {@link #transform} maps a DataFrame with a seed column (long; and, for
 * a conditional model, a label column) to one generated image per row, in Spark's image schema; {@link #generate}
 * draws N images. Generation runs on the executors; row r's latent vector comes from its seed alone
 * (z = prior(SplittableRandom(Seeds.derive(seed, 0)))), so the images do not depend on the partitioning.
 * {@code model.write().overwrite().save(path)} writes a folder that is also a run directory for jobs/generate.sh
 * and jobs/evaluate.sh ({@code --run path}: generator.zip, config.conf, classes.json) beside Spark's metadata/.
 */
public final class GanModel extends Model<GanModel> implements MLWritable {
    private final String uid;
    private final byte[] generator;
    private final byte[] discriminator;
    private final String configText;
    private final String configName;
    public final Param<String> seedCol;
    public final Param<String> labelCol;
    public final Param<String> outputCol;

    GanModel(String uid, byte[] generator, byte[] discriminator, String configText, String configName) {
        this.uid = uid;
        this.discriminator = discriminator == null ? null : discriminator.clone();
        this.labelCol = new Param<>(this, "labelCol",
            "integer column of the classes to draw (conditional models); empty = none");
        this.seedCol = new Param<>(this, "seedCol", "long column of the seeds of the latent vectors");
        this.outputCol = new Param<>(this, "outputCol", "the generated image column");
        this.generator = generator.clone();
        this.configText = configText;
        this.configName = configName;
        setDefault(seedCol, "seed");
        setDefault(labelCol, "");
        setDefault(outputCol, "image");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> seedCol() {
        return seedCol;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public GanModel setSeedCol(String value) {
        set(seedCol, value);
        return this;
    }

    public GanModel setLabelCol(String value) {
        set(labelCol, value);
        return this;
    }

    public GanModel setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    /**
     * D of the trained GAN as a Transformer: {@code imageCol} (Spark's image struct) to a realness score column
     * (D's raw output: a logit for the probabilistic losses, a critic value otherwise).
     */
    public GanDiscriminator discriminator() {
        if (discriminator == null) {
            throw new IllegalStateException("this GanModel holds no discriminator (it was saved without one)");
        }
        return new GanDiscriminator(discriminator, config().data());
    }

    /** The generator's model file (a DL4J ModelSerializer zip), as written to generator.zip. */
    public byte[] generatorBytes() {
        return generator.clone();
    }

    /** K of a conditional model, 0 for an unconditional one. */
    public int classes() {
        return sampler(generator, config()).conditionClasses();
    }

    GanConfig config() {
        return ConfigLoader.parse(configText, configName, List.of());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        StructField seed = Arrays.stream(schema.fields()).filter(f -> f.name().equals($(seedCol))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("column '" + $(seedCol) + "' (seedCol) is not in the "
                        + "DataFrame; its columns are " + Arrays.toString(schema.fieldNames())));
        if (!(seed.dataType() instanceof LongType || seed.dataType().equals(DataTypes.IntegerType))) {
            throw new IllegalArgumentException("column '" + $(seedCol) + "' (seedCol) holds "
                    + seed.dataType().simpleString() + "; expected long seeds");
        }
        if (!$(labelCol).isEmpty() && Arrays.stream(schema.fieldNames()).noneMatch(n -> n.equals($(labelCol)))) {
            throw new IllegalArgumentException("column '" + $(labelCol) + "' (labelCol) is not in the DataFrame; its "
                    + "columns are " + Arrays.toString(schema.fieldNames()));
        }
        if (Arrays.asList(schema.fieldNames()).contains($(outputCol))) {
            throw new IllegalArgumentException("output column '" + $(outputCol) + "' (outputCol) is already in the "
                    + "DataFrame");
        }
        return schema.add($(outputCol), ImageStructs.schema(), false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        Dataset<Row> frame = dataset.toDF();
        SparkSession spark = frame.sparkSession();
        Broadcast<byte[]> g = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).broadcast(generator);
        String text = configText;
        String name = configName;
        int seedIndex = frame.schema().fieldIndex($(seedCol));
        int labelIndex = $(labelCol).isEmpty() ? -1 : frame.schema().fieldIndex($(labelCol));
        JavaRDD<Row> rows = frame.javaRDD().mapPartitions((Iterator<Row> it) -> {
            List<Row> in = new ArrayList<>();
            it.forEachRemaining(in::add);
            if (in.isEmpty()) {
                return in.iterator();
            }
            GeneratorSampler sampler = sampler(g.value(), ConfigLoader.parse(text, name, List.of()));
            return generateRows(sampler, in, seedIndex, labelIndex).iterator();
        });
        return spark.createDataFrame(rows, out);
    }

    /** One image per row: row r's z from its seed; its class from the label column, else r's seed mod K. */
    private static List<Row> generateRows(GeneratorSampler sampler, List<Row> in, int seedIndex, int labelIndex) {
        int n = in.size();
        int k = sampler.conditionClasses();
        INDArray z = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, sampler.latentDim());
        for (int r = 0; r < n; r++) {
            long seed = ((Number) in.get(r).get(seedIndex)).longValue();
            z.putRow(r, sampler.prior().sample(1, sampler.latentDim(),
                    new SplittableRandom(Seeds.derive(seed, 0))).getRow(0));
        }
        INDArray input = z;
        if (k > 0) {
            INDArray onehot = Nd4j.zeros(z.dataType(), n, k);
            for (int r = 0; r < n; r++) {
                Row row = in.get(r);
                int y = labelIndex >= 0 && !row.isNullAt(labelIndex) ? ((Number) row.get(labelIndex)).intValue()
                        : (int) Math.floorMod(((Number) row.get(seedIndex)).longValue(), (long) k);
                if (y < 0 || y >= k) {
                    throw new IllegalArgumentException("label " + y + " is not one of this model's " + k + " classes");
                }
                onehot.putScalar(r, y, 1.0);
            }
            input = Nd4j.hstack(z, onehot);
        } else if (labelIndex >= 0) {
            throw new IllegalArgumentException("labelCol is set but this model is unconditional");
        }
        INDArray images = sampler.forward(input);
        if (images.rank() != 4) {
            throw new IllegalArgumentException("this model generates points, not images");
        }
        List<Row> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Object[] values = new Object[in.get(r).size() + 1];
            for (int c = 0; c < values.length - 1; c++) {
                values[c] = in.get(r).get(c);
            }
            values[values.length - 1] = ImageStructs.toRow(images, r, "spark-gan:seed=" + in.get(r).get(seedIndex));
            out.add(RowFactory.create(values));
        }
        return out;
    }

    /**
     * {@code count} images from {@code seed}: rows id 0 .. count - 1 with seed = Seeds.derive(seed, id) (and, for a
     * conditional model, label = id mod K, evenly over the classes), generated on the executors.
     */
    public Dataset<Row> generate(long count, long seed) {
        SparkSession spark = SparkSession.active();
        int k = classes();
        Dataset<Row> ids = spark.range(count).toDF("id");
        Dataset<Row> seeds = ids.withColumn("seed", functions.udf(
                (org.apache.spark.sql.api.java.UDF1<Long, Long>) id -> Seeds.derive(seed, id), DataTypes.LongType)
                .apply(functions.col("id")));
        GanModel m = copy(new ParamMap()).setSeedCol("seed");
        if (k > 0) {
            seeds = seeds.withColumn("label", functions.col("id").mod(k).cast(DataTypes.IntegerType));
            m.setLabelCol("label");
        } else {
            m.setLabelCol("");
        }
        Dataset<Row> images = m.setOutputCol("image").transform(seeds);
        return k > 0 ? images.select("image", "label") : images.select("image");
    }

    static GeneratorSampler sampler(byte[] generatorBytes, GanConfig config) {
        MultiLayerNetwork g = ModelStore.loadBytes(generatorBytes, "the GanModel's generator");
        return new GeneratorSampler(g, LatentPrior.named(config.model().prior()), config.model().latentDim());
    }

    @Override
    public GanModel copy(ParamMap extra) {
        GanModel copy = new GanModel(uid, generator, discriminator, configText, configName);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<GanModel> read() {
        return new Reader();
    }

    public static GanModel load(String path) {
        return read().load(path);
    }

    /** Spark's metadata/ (uid, params) and, beside it, generator.zip, config.conf and classes.json. */
    private static final class Writer extends MLWriter {
        private final GanModel model;

        Writer(GanModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
            write(path, "generator.zip", model.generator);
            if (model.discriminator != null) {
                write(path, io.sparkgan.run.TrainingLog.DISCRIMINATOR_FILE, model.discriminator);
            }
            write(path, "config.conf", model.configText.getBytes(StandardCharsets.UTF_8));
            write(path, "name.txt", model.configName.getBytes(StandardCharsets.UTF_8));
            io.sparkgan.data.ClassList classes = ModelStore.classesOf(model.generator);
            if (classes != null) {
                write(path, io.sparkgan.data.ClassList.FILE_NAME, classes.toJson().getBytes(StandardCharsets.UTF_8));
            }
        }

        private void write(String dir, String file, byte[] bytes) {
            Path p = new Path(dir, file);
            try {
                FileSystem fs = p.getFileSystem(sc().hadoopConfiguration());
                try (FSDataOutputStream out = fs.create(p, true)) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class Reader extends MLReader<GanModel> {
        @Override
        public GanModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(), GanModel.class.getName());
            GanModel model = new GanModel(metadata.uid(), read(path, "generator.zip"),
                    exists(path, io.sparkgan.run.TrainingLog.DISCRIMINATOR_FILE)
                            ? read(path, io.sparkgan.run.TrainingLog.DISCRIMINATOR_FILE) : null,
                    new String(read(path, "config.conf"), StandardCharsets.UTF_8),
                    new String(read(path, "name.txt"), StandardCharsets.UTF_8));
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }

        private boolean exists(String dir, String file) {
            Path p = new Path(dir, file);
            try {
                return p.getFileSystem(sc().hadoopConfiguration()).exists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
            }
        }

        private byte[] read(String dir, String file) {
            Path p = new Path(dir, file);
            try {
                FileSystem fs = p.getFileSystem(sc().hadoopConfiguration());
                try (FSDataInputStream in = fs.open(p)) {
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + " of a saved GanModel: " + e.getMessage(), e);
            }
        }
    }

    static String newUid() {
        return Identifiable$.MODULE$.randomUID("ganModel");
    }
}
