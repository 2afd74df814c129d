package io.sparkgan.bench;

import io.sparkgan.config.GanConfig;
import io.sparkgan.data.ImageSet;
import io.sparkgan.data.TrainingSet;
import io.sparkgan.model.GanNetworks;
import io.sparkgan.model.NetworkFactory;
import io.sparkgan.source.TrainingSets;
import io.sparkgan.train.LatentPrior;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The baseline: how a DL4J user trains a GAN on Spark today, with the library's own parts.
 * <ul>
 *   <li>D-net = D's layers + LossLayer(sigmoid, binary cross-entropy), one {@link SparkDl4jMultiLayer};</li>
 *   <li>stacked net = G's layers + D's layers wrapped in {@link FrozenLayerWithBackprop} + the same loss
 *       layer, a second {@link SparkDl4jMultiLayer};</li>
 *   <li>per iteration: the driver samples B fakes per worker from G, fits the D-net on real (label 1) and
 *       fake (label 0) rows, copies D's parameters into the stacked net's frozen part, fits the stacked net
 *       on fresh z with label 1 (the non-saturating G loss), and copies G's parameters back.</li>
 * </ul>
 * Each {@code fit} is a parameter-averaging round with averaging frequency 1 (one minibatch per worker),
 * which is what the project's engine does per step, so the rates compare the same maths.
 * Flat parameter order of the stacked net is [G params, D params] (layer order).
 */
public final class NaiveDl4jSpark {
    private final int workers;
    private final int batch;
    private final int latentDim;
    private final LatentPrior prior;
    private final TrainingSet data;
    private final SplittableRandom random;
    private final MultiLayerNetwork generator;
    private final SparkDl4jMultiLayer discriminatorNet;
    private final SparkDl4jMultiLayer stackedNet;
    private final long generatorParams;

    /** On {@code config}'s own data, which must be IDX images or points (see {@link #readableData}). */
    public NaiveDl4jSpark(JavaSparkContext sc, GanConfig config, int workers) {
        this(sc, config, TrainingSets.load(config.data(), config.seed()), workers);
    }

    /** On {@code data}, the real samples the driver draws each worker's minibatch from. */
    public NaiveDl4jSpark(JavaSparkContext sc, GanConfig config, TrainingSet data, int workers) {
        this.workers = workers;
        this.batch = config.train().batchSize();
        this.latentDim = config.model().latentDim();
        this.prior = LatentPrior.named(config.model().prior());
        this.data = data;
        this.random = new SplittableRandom(config.seed());
        // DL4J's own layers, as a DL4J user would build them (SparkDl4jMultiLayer, FrozenLayerWithBackprop)
        GanNetworks nets = NetworkFactory.create(config.model().withDl4jLayers(), config.train(),
                data.sampleShape(), config.seed());
        this.generator = nets.generator();
        this.generatorParams = generator.numParams();
        MultiLayerNetwork d = network(List.of(), nets.discriminator().getLayerWiseConfigurations(), config.seed());
        d.setParams(nets.discriminator().params());
        MultiLayerNetwork stacked = network(List.of(generator.getLayerWiseConfigurations()),
                nets.discriminator().getLayerWiseConfigurations(), config.seed());
        stacked.setParams(Nd4j.concat(0, generator.params(), d.params()));
        // D's minibatch holds B real and B fake rows; the stacked net's holds B latent vectors.
        this.discriminatorNet = new SparkDl4jMultiLayer(sc, d, trainingMaster(2 * batch));
        this.stackedNet = new SparkDl4jMultiLayer(sc, stacked, trainingMaster(batch));
    }

    /**
     * Data the naive way can read for {@code config}: its own where the driver reads it in one JVM (IDX images,
     * points), else {@code images} random images of {@code shape} [C, H, W] in the driver's memory. dl4j-spark
     * has no reader for spark-gan's image folders or Parquet sets, and what is measured (the D and G fits of
     * SparkDl4jMultiLayer) does not depend on the pixels: the driver only copies B rows per worker out of the set.
     */
    public static TrainingSet readableData(GanConfig config, long[] shape, int images) {
        if (config.data().isPoints() || config.data().source() == io.sparkgan.config.DataSource.IDX) {
            return TrainingSets.load(config.data(), config.seed());
        }
        int c = (int) shape[0];
        int h = (int) shape[1];
        int w = (int) shape[2];
        byte[] pixels = new byte[images * c * h * w];
        new SplittableRandom(config.seed()).nextBytes(pixels);
        return new ImageSet(pixels, images, c, h, w, null);
    }

    /** Real images (points) per second over {@code iterations} D+G iterations after one warm-up iteration. */
    public static double imagesPerSecond(JavaSparkContext sc, GanConfig config, TrainingSet data, int iterations,
                                         int workers) {
        NaiveDl4jSpark naive = new NaiveDl4jSpark(sc, config, data, workers);
        naive.iterate();
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            naive.iterate();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return (double) iterations * workers * naive.batch / seconds;
    }

    /** One D fit then one G fit, with the parameter copies between them. */
    public void iterate() {
        discriminatorPhase();
        generatorPhase();
    }

    /** Fits the D-net on B real (label 1) and B fake (label 0) rows per worker. */
    public void discriminatorPhase() {
        List<DataSet> minibatches = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            INDArray real = data.batch(rows(batch));
            INDArray fake = generator.output(prior.sample(batch, latentDim, random), false);
            INDArray labels = Nd4j.vstack(Nd4j.ones(batch, 1), Nd4j.zeros(batch, 1));
            minibatches.add(new DataSet(Nd4j.concat(0, real, fake), labels));
        }
        discriminatorNet.fit(discriminatorNet.getSparkContext().parallelize(minibatches, workers));
    }

    /** Copies D into the stacked net, fits it on B latent vectors per worker with label 1, copies G back. */
    public void generatorPhase() {
        MultiLayerNetwork stacked = stackedNet.getNetwork();
        stacked.params().get(NDArrayIndex.interval(generatorParams,
                stacked.numParams())).assign(discriminatorNet.getNetwork().params());
        List<DataSet> minibatches = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            minibatches.add(new DataSet(prior.sample(batch, latentDim, random), Nd4j.ones(batch, 1)));
        }
        stackedNet.fit(stackedNet.getSparkContext().parallelize(minibatches, workers));
        generator.setParams(stackedNet.getNetwork().params().get(NDArrayIndex.interval(0, generatorParams)).dup());
    }

    /** G's flat parameters (a copy). */
    public INDArray generatorParameters() {
        return generator.params().dup();
    }

    /** The D-net's flat parameters (a copy). */
    public INDArray discriminatorParameters() {
        return discriminatorNet.getNetwork().params().dup();
    }

    /** The frozen D inside the stacked net (a copy). */
    public INDArray stackedDiscriminatorParameters() {
        MultiLayerNetwork stacked = stackedNet.getNetwork();
        return stacked.params().get(NDArrayIndex.interval(generatorParams, stacked.numParams())).dup();
    }

    private int[] rows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = random.nextInt(data.size());
        }
        return rows;
    }

    /**
     * The layers of {@code trainable} as they are, then D's layers frozen when anything precedes them
     * (the stacked net) or trainable otherwise (the D-net), then LossLayer(sigmoid, XENT) on D's logit.
     * Pre-processors move with their layers.
     */
    private static MultiLayerNetwork network(List<MultiLayerConfiguration> trainable, MultiLayerConfiguration d,
                                             long seed) {
        // DL4J 1.0.0-M2.1 fails the backward pass of a BatchNormalization inside FrozenLayerWithBackprop with
        // workspaces on ("outdated workspace pointer from WS_LAYER_WORKING_MEM"): the stacked net runs without.
        WorkspaceMode workspaces = trainable.isEmpty() ? WorkspaceMode.ENABLED : WorkspaceMode.NONE;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
                .trainingWorkspaceMode(workspaces).inferenceWorkspaceMode(workspaces).list();
        int index = 0;
        for (MultiLayerConfiguration part : trainable) {
            index = append(list, part, index, false);
        }
        index = append(list, d, index, !trainable.isEmpty());
        list.layer(index, new LossLayer.Builder(LossFunctions.LossFunction.XENT).activation(Activation.SIGMOID).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static int append(NeuralNetConfiguration.ListBuilder list, MultiLayerConfiguration part, int offset,
                              boolean frozen) {
        for (int i = 0; i < part.getConfs().size(); i++) {
            Layer layer = part.getConf(i).getLayer().clone();
            list.layer(offset + i, frozen ? new FrozenLayerWithBackprop(layer) : layer);
        }
        for (Map.Entry<Integer, InputPreProcessor> p : part.getInputPreProcessors().entrySet()) {
            list.inputPreProcessor(offset + p.getKey(), p.getValue().clone());
        }
        return offset + part.getConfs().size();
    }

    private ParameterAveragingTrainingMaster trainingMaster(int minibatch) {
        return new ParameterAveragingTrainingMaster.Builder(minibatch)
                .batchSizePerWorker(minibatch)
                .averagingFrequency(1)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .collectTrainingStats(false)
                .build();
    }
}
