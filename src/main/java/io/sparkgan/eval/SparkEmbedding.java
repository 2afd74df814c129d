package io.sparkgan.eval;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * The reference classifier's forward pass on Spark executors, for large sample sets. The network travels as
 * its JSON configuration and flat float parameters (one broadcast, no Java-serialised model); the images as
 * blocks of {@link ReferenceClassifier#BATCH} rows [count, C, H, W] floats, one task per block, each task
 * building the network once and answering with its rows' features [count, F] and probabilities [count, K];
 * the driver puts the blocks back in image order. The same blocks, network and kernel as
 * {@link ReferenceClassifier#embed(ImageSamples)} in this JVM, so both give the same numbers.
 */
final class SparkEmbedding {
    private SparkEmbedding() {
    }

    static ReferenceClassifier.Outputs embed(JavaSparkContext sc, ReferenceClassifier classifier, ImageSamples images) {
        MultiLayerNetwork network = classifier.network();
        Broadcast<Model> model = sc.broadcast(new Model(network.getLayerWiseConfigurations().toJson(),
                network.params().toFloatVector(), classifier.classes(), images.imageShape()));
        try {
            int n = images.size();
            List<Block> blocks = new ArrayList<>();
            for (int from = 0; from < n; from += ReferenceClassifier.BATCH) {
                int count = Math.min(ReferenceClassifier.BATCH, n - from);
                blocks.add(new Block(from, count, images.batch(from, count).castTo(DataType.FLOAT).dup('c').data().asFloat(), null, null));
            }
            sc.setJobDescription("spark-gan evaluation: reference-classifier features of " + n + " images");
            List<Block> answers = new ArrayList<>(sc.parallelize(blocks, Math.max(1, blocks.size()))
                    .mapPartitions(it -> forward(it, model.value())).collect());
            answers.sort(Comparator.comparingInt(Block::offset));
            int f = classifier.featureDim();
            int k = classifier.classes().length;
            double[] features = new double[n * f];
            double[] probabilities = new double[n * k];
            for (Block a : answers) {
                System.arraycopy(a.features(), 0, features, a.offset() * f, a.features().length);
                System.arraycopy(a.probabilities(), 0, probabilities, a.offset() * k, a.probabilities().length);
            }
            return new ReferenceClassifier.Outputs(new FeatureMatrix(n, f, features), new FeatureMatrix(n, k, probabilities));
        } finally {
            model.destroy();
        }
    }

    private static Iterator<Block> forward(Iterator<Block> blocks, Model model) {
        MultiLayerNetwork network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(model.json()));
        network.init(Nd4j.createFromArray(model.params()).reshape(1, model.params().length), false);
        ReferenceClassifier classifier = new ReferenceClassifier(network, model.classes(), model.imageShape());
        List<Block> out = new ArrayList<>();
        while (blocks.hasNext()) {
            Block block = blocks.next();
            long[] shape = {block.count(), model.imageShape()[0], model.imageShape()[1], model.imageShape()[2]};
            ReferenceClassifier.Outputs outputs = classifier.embed(ImageSamples.of(
                    Nd4j.createFromArray(block.pixels()).castTo(DataType.FLOAT).reshape('c', shape)));
            out.add(new Block(block.offset(), block.count(), null, outputs.features().values(),
                    outputs.probabilities().values()));
        }
        return out.iterator();
    }

    /**
     * The classifier as JSON configuration and flat parameters, its classes and the image shape [C, H, W].
     * (Plain classes, not records: Spark's Kryo cannot set a record's fields.)
     */
    static final class Model implements Serializable {
        private String json;
        private float[] params;
        private int[] classes;
        private long[] imageShape;

        Model() {
        }

        Model(String json, float[] params, int[] classes, long[] imageShape) {
            this.json = json;
            this.params = params;
            this.classes = classes;
            this.imageShape = imageShape;
        }

        String json() {
            return json;
        }

        float[] params() {
            return params;
        }

        int[] classes() {
            return classes;
        }

        long[] imageShape() {
            return imageShape;
        }
    }

    /** Rows [offset, offset + count): pixels on the way out, features and probabilities on the way back. */
    static final class Block implements Serializable {
        private int offset;
        private int count;
        private float[] pixels;
        private double[] features;
        private double[] probabilities;

        Block() {
        }

        Block(int offset, int count, float[] pixels, double[] features, double[] probabilities) {
            this.offset = offset;
            this.count = count;
            this.pixels = pixels;
            this.features = features;
            this.probabilities = probabilities;
        }

        int offset() {
            return offset;
        }

        int count() {
            return count;
        }

        float[] pixels() {
            return pixels;
        }

        double[] features() {
            return features;
        }

        double[] probabilities() {
            return probabilities;
        }
    }
}
