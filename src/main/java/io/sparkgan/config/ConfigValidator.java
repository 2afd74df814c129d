package io.sparkgan.config;

import java.util.List;

/** Range and consistency checks; each failure names the key, the value and what is allowed. */
final class ConfigValidator {
    /** Families with a target label that one-sided smoothing can soften. */
    static final List<Loss> SMOOTHABLE = List.of(Loss.MINIMAX, Loss.NON_SATURATING, Loss.MAXIMUM_LIKELIHOOD,
            Loss.LEAST_SQUARES);

    private ConfigValidator() {
    }

    static void validate(GanConfig c) {
        between("threads", c.threads(), 0, 1024);
        DataConfig d = c.data();
        source("data", d);
        atLeast("data.size", d.size(), 1);
        cycle(c);
        SparkConfig s = c.spark();
        if (s.master().isBlank()) {
            throw new InvalidConfigException("key 'spark.master' is empty; give a master URL such as local[*]");
        }
        between("spark.partitions", s.partitions(), 0, 100_000);
        between("spark.averaging-period", s.averagingPeriod(), 1, 1_000_000);
        between("spark.averaging-fan-in", s.averagingFanIn(), 2, 1024);
        between("spark.round-timeout", s.roundTimeout(), 0, 100_000_000);
        outer(c.engine(), s.outer());
        augment(c);
        ModelConfig m = c.model();
        between("model.latent-dim", m.latentDim(), 1, 4096);
        widths("model.mlp.generator-widths", m.generatorWidths());
        widths("model.mlp.discriminator-widths", m.discriminatorWidths());
        between("model.dcgan.base-width", m.dcganBaseWidth(), 1, 1024);
        between("model.resnet.generator-width", m.resnetGeneratorWidth(), 1, 1024);
        between("model.resnet.discriminator-width", m.resnetDiscriminatorWidth(), 1, 1024);
        finite("model.linear.generator-start", m.linearGeneratorStart());
        finite("model.linear.discriminator-start", m.linearDiscriminatorStart());
        if (m.type() == ModelType.MLP && !d.isPoints() && !c.cycle().enabled()) {   // CycleGAN builds its own networks
            throw new InvalidConfigException("key 'model.type' = mlp is for vector data (data.source ring8, "
                    + "grid25 or dirac) but data.source = " + d.source() + "; use model.type = dcgan for images");
        }
        if (m.type().images() && d.isPoints()) {
            throw new InvalidConfigException("key 'model.type' = " + m.type() + " needs images but data.source = "
                    + d.source() + " is points; use model.type = mlp");
        }
        if (m.conditional()) {
            conditional(d, m);
        }
        if ((m.type() == ModelType.LINEAR) != (d.source() == DataSource.DIRAC)) {
            throw new InvalidConfigException(m.type() == ModelType.LINEAR
                    ? "key 'model.type' = linear (G(z) = theta, D(x) = psi x) is for data.source = dirac (points at "
                    + "0 in R^1) but data.source = " + d.source()
                    : "key 'data.source' = dirac is the Dirac-GAN's data; it trains with model.type = linear, not "
                    + m.type());
        }
        LossConfig l = c.loss();
        positive("loss.clip-value", l.clipValue());
        between("loss.spectral-iterations", l.spectralIterations(), 1, 100);
        positive("loss.gradient-penalty-weight", l.gradientPenaltyWeight());
        nonNegative("loss.r1-gamma", l.r1Gamma());
        between("loss.r1-interval", l.r1Interval(), 1, 1_000_000);
        if (l.penalised() && m.conditional()) {
            throw new InvalidConfigException((l.r1Gamma() > 0 ? "key 'loss.r1-gamma' = " + l.r1Gamma()
                    : "key 'loss.lipschitz' = gradient-penalty") + " is not available with model.conditional.enabled = "
                    + "true yet: the penalty's exact gradient is computed for a critic with one score per sample "
                    + "and no class input");
        }
        if (l.penalised() && m.type() == ModelType.DCGAN && m.dcganDiscriminatorNorm() == DiscriminatorNorm.BATCH) {
            throw new InvalidConfigException((l.r1Gamma() > 0 ? "key 'loss.r1-gamma' = " + l.r1Gamma()
                    : "key 'loss.lipschitz' = gradient-penalty") + " needs a critic without batch normalisation, but "
                    + "model.dcgan.discriminator-norm = batch: with batch norm D's score of one sample depends on the "
                    + "others of its batch, so grad_x D(x) of a sample is not defined on its own and the penalty's exact "
                    + "gradient does not exist; set model.dcgan.discriminator-norm = none");
        }
        if (!(l.labelSmoothing() >= 0 && l.labelSmoothing() < 0.5)) {
            throw new InvalidConfigException("key 'loss.label-smoothing' = " + l.labelSmoothing()
                    + " is out of range; allowed: 0 (off) up to but excluding 0.5 (0.1 is typical)");
        }
        if (l.labelSmoothing() > 0 && !SMOOTHABLE.contains(l.family())) {
            throw new InvalidConfigException("key 'loss.label-smoothing' = " + l.labelSmoothing()
                    + " has no meaning for loss.family = " + l.family() + "; it applies to " + SMOOTHABLE);
        }
        TrainConfig t = c.train();
        atLeast("train.epochs", t.epochs(), 1);
        between("train.batch-size", t.batchSize(), 1, 65536);
        between("train.d-steps", t.dSteps(), 1, 100);
        atLeast("train.max-steps-per-epoch", t.maxStepsPerEpoch(), 0);
        optimizer("train.generator", t.generator());
        optimizer("train.discriminator", t.discriminator());
        nonNegative("train.instance-noise.std", t.instanceNoiseStd());
        atLeast("train.instance-noise.anneal-epochs", t.instanceNoiseAnnealEpochs(), 1);
        if (!(t.emaDecay() >= 0 && t.emaDecay() < 1)) {
            throw new InvalidConfigException("key 'train.ema-decay' = " + t.emaDecay()
                    + " is out of range; allowed: 0 (off) or a decay in (0, 1) such as 0.999");
        }
        for (int i = 0; i < t.schedule().size(); i++) {
            ScheduleEntry e = t.schedule().get(i);
            String at = "train.schedule[" + i + "].";
            atLeast(at + "from-epoch", e.fromEpoch(), 0);
            if (e.dSteps().isPresent()) {
                between(at + "d-steps", e.dSteps().getAsInt(), 1, 100);
            }
            if (e.generatorLearningRate().isPresent()) {
                positive(at + "generator-learning-rate", e.generatorLearningRate().getAsDouble());
            }
            if (e.discriminatorLearningRate().isPresent()) {
                positive(at + "discriminator-learning-rate", e.discriminatorLearningRate().getAsDouble());
            }
            if (e.averagingPeriod().isPresent()) {
                between(at + "averaging-period", e.averagingPeriod().getAsInt(), 1, 1_000_000);
            }
            if (e.instanceNoiseStd().isPresent()) {
                nonNegative(at + "instance-noise-std", e.instanceNoiseStd().getAsDouble());
            }
        }
        CheckpointConfig k = c.checkpoint();
        between("checkpoint.keep", k.keep(), 1, 1_000_000);
        between("checkpoint.every-rounds", k.everyRounds(), 0, 1_000_000_000);
        DivergenceConfig v = c.divergence();
        if (!(v.learningRateFactor() > 0 && v.learningRateFactor() < 1)) {
            throw new InvalidConfigException("key 'divergence.learning-rate-factor' = " + v.learningRateFactor()
                    + " is out of range; allowed: 0 < factor < 1");
        }
        between("divergence.max-rollbacks", v.maxRollbacks(), 0, 1000);
        evaluation(c.evaluation(), d);
        OutputConfig o = c.output();
        atLeast("output.log-every-steps", o.logEverySteps(), 1);
        between("output.sample-grid", o.sampleGrid(), 1, 32);
        between("output.sample-points", o.samplePoints(), 1, 1_000_000);
    }

    /** The keys of one image or point source: data, or CycleGAN's cycle.b. */
    private static void source(String prefix, DataConfig d) {
        atLeast(prefix + ".idx.limit", d.limit(), 0);
        if (d.source() == DataSource.IDX && d.idxImages().isBlank()) {
            throw new InvalidConfigException("key '" + prefix + ".idx.images' is empty but " + prefix + ".source = idx needs an "
                    + "images file (IDX3, e.g. /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz)");
        }
        if (d.source() == DataSource.FOLDER && d.folderPath().isBlank()) {
            throw new InvalidConfigException("key '" + prefix + ".folder.path' is empty but " + prefix + ".source = folder needs the "
                    + "root of an image tree");
        }
        if (d.source() == DataSource.PARQUET && d.parquetPath().isBlank()) {
            throw new InvalidConfigException("key '" + prefix + ".parquet.path' is empty but " + prefix + ".source = parquet needs a "
                    + "Parquet file or folder");
        }
        if (d.source() == DataSource.PARQUET && d.parquetImageColumn().isBlank()) {
            throw new InvalidConfigException("key '" + prefix + ".parquet.image-column' is empty; name the column of image bytes");
        }
        between(prefix + ".image.height", d.imageHeight(), 1, 4096);
        between(prefix + ".image.width", d.imageWidth(), 1, 4096);
        if (d.imageChannels() != 1 && d.imageChannels() != 3) {
            throw new InvalidConfigException("key '" + prefix + ".image.channels' = " + d.imageChannels()
                    + " is not allowed; allowed: 1 (grey) or 3 (RGB)");
        }
        atLeast(prefix + ".image.max-pixels", d.imageMaxPixels(), 1);
        if (!(d.maxBadFraction() >= 0 && d.maxBadFraction() <= 1)) {
            throw new InvalidConfigException("key '" + prefix + ".max-bad-fraction' = " + d.maxBadFraction()
                    + " is out of range; allowed: 0 to 1");
        }
        atLeast(prefix + ".idx.offset", d.offset(), 0);
        if (d.offset() > 0 && d.source() != DataSource.IDX) {
            throw new InvalidConfigException("key '" + prefix + ".idx.offset' = " + d.offset() + " applies to "
                    + prefix + ".source = idx only, not " + d.source());
        }
    }

    /** CycleGAN: set B of A's image kind, positive loss weights, one D step per iteration. */
    private static void cycle(GanConfig c) {
        CycleConfig y = c.cycle();
        if (!y.enabled()) {
            return;
        }
        String key = "key 'cycle.enabled' = true";
        if (c.data().isPoints() || c.data().source() == DataSource.DATAFRAME) {
            throw new InvalidConfigException(key + " translates images, but data.source = " + c.data().source()
                    + "; give image set A in data and image set B in cycle.b");
        }
        if (y.b().source() == null) {
            throw new InvalidConfigException(key + " needs image set B: key 'cycle.b.source' is empty (idx, folder "
                    + "or parquet, with its path under cycle.b)");
        }
        source("cycle.b", y.b());
        if (y.b().isPoints() || y.b().source() == DataSource.DATAFRAME) {
            throw new InvalidConfigException("key 'cycle.b.source' = " + y.b().source() + ": image set B must be "
                    + "images (idx, folder or parquet)");
        }
        if (c.model().conditional()) {
            throw new InvalidConfigException(key + " and model.conditional.enabled = true: CycleGAN translates "
                    + "images, it has no classes to condition on; turn one off");
        }
        if (c.train().dSteps() != 1) {
            throw new InvalidConfigException(key + " takes one step of each discriminator per iteration, but "
                    + "train.d-steps = " + c.train().dSteps() + "; set train.d-steps = 1");
        }
        for (int i = 0; i < c.train().schedule().size(); i++) {
            // CycleStep draws one minibatch per iteration whatever k says, but an epoch has N / (k B) iterations:
            // a scheduled k > 1 would leave (k - 1) / k of the images of its epochs unseen
            if (c.train().schedule().get(i).dSteps().isPresent()) {
                throw new InvalidConfigException(key + " takes one step of each discriminator per iteration, but "
                        + "train.schedule[" + i + "].d-steps = " + c.train().schedule().get(i).dSteps().getAsInt()
                        + "; remove d-steps from the schedule entry");
            }
        }
        if (c.loss().family() != Loss.LEAST_SQUARES) {
            throw new InvalidConfigException(key + " uses the least-squares adversarial loss (Zhu et al. 2017), but "
                    + "loss.family = " + c.loss().family() + "; set loss.family = least-squares");
        }
        if (c.loss().lipschitz() != Lipschitz.NONE || c.train().emaDecay() > 0) {
            throw new InvalidConfigException(key + " supports neither loss.lipschitz (" + c.loss().lipschitz()
                    + ") nor train.ema-decay (" + c.train().emaDecay() + "); set them to none and 0");
        }
        nonNegative("cycle.lambda", y.lambda());
        nonNegative("cycle.identity", y.identity());
        between("cycle.pool-size", y.poolSize(), 0, 100_000);
        between("cycle.generator-width", y.generatorWidth(), 1, 4096);
        between("cycle.discriminator-width", y.discriminatorWidth(), 1, 4096);
        between("cycle.residual-blocks", y.residualBlocks(), 0, 64);
        if (c.data().isEncodedImages() || y.b().isEncodedImages()) {
            DataConfig a = c.data();
            DataConfig b = y.b();
            if (a.isEncodedImages() && b.isEncodedImages() && (a.imageHeight() != b.imageHeight()
                    || a.imageWidth() != b.imageWidth() || a.imageChannels() != b.imageChannels())) {
                throw new InvalidConfigException("image sets A and B must have one shape: data.image is "
                        + a.imageChannels() + "x" + a.imageHeight() + "x" + a.imageWidth() + ", cycle.b.image "
                        + b.imageChannels() + "x" + b.imageHeight() + "x" + b.imageWidth());
            }
        }
    }

    /** A conditional GAN needs images with labels. */
    private static void conditional(DataConfig d, ModelConfig m) {
        String key = "key 'model.conditional.enabled' = true";
        if (d.isPoints()) {
            throw new InvalidConfigException(key + " needs labelled images, but data.source = " + d.source()
                    + " has no classes");
        }
        if (d.source() == DataSource.IDX && d.idxLabels().isBlank()) {
            throw new InvalidConfigException(key + " needs the classes of the images: set data.idx.labels (an IDX1 "
                    + "labels file)");
        }
        if (d.source() == DataSource.PARQUET && d.parquetLabelColumn().isBlank()) {
            throw new InvalidConfigException(key + " needs the classes of the images: set data.parquet.label-column");
        }
    }

    private static void evaluation(EvaluationConfig e, DataConfig d) {
        atLeast("evaluation.every-epochs", e.everyEpochs(), 0);
        between("evaluation.samples", e.samples(), 10, 1_000_000);
        between("evaluation.precision-recall-k", e.precisionRecallK(), 1, 100);
        if (e.precisionRecallK() >= e.samples()) {
            throw new InvalidConfigException("key 'evaluation.precision-recall-k' = " + e.precisionRecallK()
                    + " needs more samples than that; evaluation.samples = " + e.samples());
        }
        if (!(e.starvedShare() >= 0 && e.starvedShare() <= 1)) {
            throw new InvalidConfigException("key 'evaluation.starved-share' = " + e.starvedShare()
                    + " is out of range; allowed: 0 to 1 (0.1 = a tenth of the uniform share)");
        }
        between("evaluation.min-classes-present", e.minClassesPresent(), 0, 100_000);
        between("evaluation.min-modes-covered", e.minModesCovered(), 0, 100_000);
        atLeast("evaluation.spark-min-samples", e.sparkMinSamples(), 0);
        if (!e.testLabels().isBlank() && e.testImages().isBlank()) {
            throw new InvalidConfigException("key 'evaluation.test-labels' = \"" + e.testLabels() + "\" is set but "
                    + "evaluation.test-images is empty; give both or neither");
        }
        between("evaluation.classifier-epochs", e.classifierEpochs(), 1, 1000);
        between("evaluation.classifier-batch-size", e.classifierBatchSize(), 0, 65536);   // 0 = chosen per data set
        positive("evaluation.classifier-learning-rate", e.classifierLearningRate());
        between("evaluation.real-images", e.realImages(), 12, 10_000_000);
        if (e.everyEpochs() > 0 && d.source() == DataSource.DATAFRAME) {
            throw new InvalidConfigException("key 'evaluation.every-epochs' = " + e.everyEpochs() + " is not available "
                    + "when fitting a DataFrame (data.source = dataframe); score the model afterwards with "
                    + "jobs/evaluate.sh, or set evaluation.every-epochs = 0");
        }
        if (e.everyEpochs() > 0 && d.source() == DataSource.DIRAC) {
            throw new InvalidConfigException("key 'evaluation.every-epochs' = " + e.everyEpochs() + " has nothing to "
                    + "score for data.source = dirac; its figures are the trajectory (theta, psi) in metrics.jsonl and "
                    + "the equilibrium distances in summary.json; set evaluation.every-epochs = 0");
        }
        if (e.everyEpochs() > 0 && !d.isPoints()) {
            if (d.source() == DataSource.PARQUET && d.parquetLabelColumn().isBlank()) {
                throw new InvalidConfigException("key 'evaluation.every-epochs' = " + e.everyEpochs() + " needs "
                        + "data.parquet.label-column: the reference classifier trains on the labelled images");
            }
            if (d.source() == DataSource.IDX && d.idxLabels().isBlank()) {
                throw new InvalidConfigException("key 'evaluation.every-epochs' = " + e.everyEpochs() + " needs "
                        + "data.idx.labels: the reference classifier trains on the labelled images");
            }
        }
    }

    private static void optimizer(String prefix, OptimizerConfig a) {
        positive(prefix + ".learning-rate", a.learningRate());
        unitInterval(prefix + ".beta1", a.beta1());
        unitInterval(prefix + ".beta2", a.beta2());
    }

    private static void widths(String key, List<Integer> widths) {
        if (widths.isEmpty()) {
            throw new InvalidConfigException("key '" + key + "' is empty; give at least one hidden width, e.g. [128, 128]");
        }
        for (int w : widths) {
            if (w < 1 || w > 65536) {
                throw new InvalidConfigException("key '" + key + "' holds width " + w + "; allowed: 1 to 65536");
            }
        }
    }

    private static void augment(GanConfig c) {
        AugmentConfig a = c.train().augment();
        if (a.policy().size() != a.policy().stream().distinct().count()) {
            throw new InvalidConfigException("key 'train.augment.policy' = " + a.policy() + " names a transform twice");
        }
        if (a.enabled() && c.data().isPoints()) {
            throw new InvalidConfigException("key 'train.augment.policy' = " + a.policy() + " augments images, but "
                    + "data.source = " + c.data().source() + " is points; use train.augment.policy = []");
        }
        if (a.enabled() && c.cycle().enabled()) {
            throw new InvalidConfigException("key 'train.augment.policy' = " + a.policy() + " is not available with "
                    + "cycle.enabled = true yet (CycleGAN's step does not augment); use train.augment.policy = []");
        }
        if (a.adaptive() && !a.enabled()) {
            throw new InvalidConfigException("key 'train.augment.adaptive' = true needs transforms to apply with the "
                    + "adaptive probability, but train.augment.policy is empty; name some, e.g. [translation, cutout]");
        }
        if (!(a.target() > -1 && a.target() < 1)) {
            throw new InvalidConfigException("key 'train.augment.target' = " + a.target() + " is out of range; allowed: "
                    + "-1 < value < 1 (a target for E[sign(D(real))]; ADA uses 0.6)");
        }
        between("train.augment.interval", a.interval(), 1, 1_000_000);
        between("train.augment.speed-images", a.speedImages(), 1, Long.MAX_VALUE);
    }

    private static void outer(Engine engine, OuterConfig o) {
        positive("spark.outer.learning-rate", o.learningRate());
        unitInterval("spark.outer.momentum", o.momentum());
        unitInterval("spark.outer.beta1", o.beta1());
        unitInterval("spark.outer.beta2", o.beta2());
        positive("spark.outer.epsilon", o.epsilon());
        if (o.stepping() && engine == Engine.LOCAL) {
            throw new InvalidConfigException("key 'spark.outer.optimizer' = " + o.optimizer() + " steps on the Spark "
                    + "engine's rounds, but engine = local has none; use engine = spark or spark.outer.optimizer = average");
        }
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new InvalidConfigException("key '" + key + "' = " + value + " is out of range; allowed: >= " + min);
        }
    }

    private static void between(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigException("key '" + key + "' = " + value + " is out of range; allowed: "
                    + min + " to " + max);
        }
    }

    private static void positive(String key, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidConfigException("key '" + key + "' = " + value + " is out of range; allowed: a finite number > 0");
        }
    }

    private static void nonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidConfigException("key '" + key + "' = " + value + " is out of range; allowed: a finite number >= 0");
        }
    }

    private static void finite(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new InvalidConfigException("key '" + key + "' = " + value + " is out of range; allowed: a finite number");
        }
    }

    private static void unitInterval(String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidConfigException("key '" + key + "' = " + value + " is out of range; allowed: 0 <= value < 1");
        }
    }
}
