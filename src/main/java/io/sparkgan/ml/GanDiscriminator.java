package io.sparkgan.ml;

import io.sparkgan.config.DataConfig;
import io.sparkgan.io.ModelStore;
import io.sparkgan.source.ImageDecoder;
import io.sparkgan.spark.DataFrameSource;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A trained GAN's discriminator as a Transformer: images of {@code imageCol} (Spark's image struct, of the size
 * the GAN was trained on) to D's score in {@code outputCol}, computed on the executors. The score is D's raw
 * output (the logit of P(real) for the probabilistic losses); for a projection D, its class-free part
 * psi(phi(x)).
 */
public final class GanDiscriminator extends Transformer {
    private final String uid;
    private final byte[] discriminator;
    private final DataConfig data;
    public final Param<String> imageCol;
    public final Param<String> outputCol;

    GanDiscriminator(byte[] discriminator, DataConfig data) {
        this.uid = Identifiable$.MODULE$.randomUID("ganDiscriminator");
        this.discriminator = discriminator;
        this.data = data;
        this.imageCol = new Param<>(this, "imageCol", "image column (Spark's image struct)");
        this.outputCol = new Param<>(this, "outputCol", "D's score column (double)");
        setDefault(imageCol, "image");
        setDefault(outputCol, "realness");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> imageCol() {
        return imageCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public GanDiscriminator setImageCol(String value) {
        set(imageCol, value);
        return this;
    }

    public GanDiscriminator setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (DataFrameSource.check(schema, $(imageCol), "") != DataFrameSource.ImageKind.STRUCT) {
            throw new IllegalArgumentException("column '" + $(imageCol) + "' (imageCol) holds encoded bytes; the "
                    + "discriminator scores Spark's image struct (spark.read().format(\"image\"))");
        }
        return schema.add($(outputCol), DataTypes.DoubleType, false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        Dataset<Row> frame = dataset.toDF();
        Broadcast<byte[]> d = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext()).broadcast(discriminator);
        int index = frame.schema().fieldIndex($(imageCol));
        ImageDecoder decoder = new ImageDecoder(data.imageHeight(), data.imageWidth(), data.imageChannels(), false,
                data.imageMaxPixels());
        int c = data.imageChannels();
        int h = data.imageHeight();
        int w = data.imageWidth();
        JavaRDD<Row> rows = frame.javaRDD().mapPartitions((Iterator<Row> it) -> {
            List<Row> in = new ArrayList<>();
            it.forEachRemaining(in::add);
            if (in.isEmpty()) {
                return in.iterator();
            }
            MultiLayerNetwork net = ModelStore.loadBytes(d.value(), "the GanModel's discriminator");
            float[] x = new float[in.size() * c * h * w];
            for (int r = 0; r < in.size(); r++) {
                byte[] pixels = DataFrameSource.fromStruct(in.get(r).getStruct(index), decoder, "row " + r);
                for (int i = 0; i < pixels.length; i++) {
                    x[r * pixels.length + i] = (pixels[i] & 0xFF) / 127.5f - 1f;     // [0, 255] to the tanh range
                }
            }
            INDArray scores = net.output(Nd4j.create(x, new long[]{in.size(), c, h, w}, 'c'), false);   // [N, outputs]
            List<Row> result = new ArrayList<>(in.size());
            for (int r = 0; r < in.size(); r++) {
                Object[] values = new Object[in.get(r).size() + 1];
                for (int k = 0; k < values.length - 1; k++) {
                    values[k] = in.get(r).get(k);
                }
                values[values.length - 1] = scores.getDouble(r, 0);
                result.add(RowFactory.create(values));
            }
            return result.iterator();
        });
        return frame.sparkSession().createDataFrame(rows, out);
    }

    @Override
    public GanDiscriminator copy(ParamMap extra) {
        return copyValues(new GanDiscriminator(discriminator, data), extra);
    }
}
