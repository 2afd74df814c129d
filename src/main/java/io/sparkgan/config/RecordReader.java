package io.sparkgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Function;

/** Reads the merged HOCON tree into records; a wrong type becomes a message with key and value. */
final class RecordReader {
    private final Config c;
    private final String baseName;

    RecordReader(Config merged, String baseName) {
        this.c = merged;
        this.baseName = baseName;
    }

    GanConfig read() {
        // every choice parsed once, here, in the order ConfigValidator checked them when they were strings
        Engine engine = choice("engine", Engine.class);
        CycleKnownMap knownMap = choice("cycle.known-map", CycleKnownMap.class);
        LearningRateDecay learningRateDecay = choice("train.learning-rate-decay", LearningRateDecay.class);
        ModelType type = choice("model.type", ModelType.class);
        Prior prior = choice("model.prior", Prior.class);
        DiscriminatorNorm discriminatorNorm = choice("model.dcgan.discriminator-norm", DiscriminatorNorm.class);
        LayerImplementation convolution = choice("model.dcgan.convolution", LayerImplementation.class);
        LayerImplementation batchNorm = choice("model.dcgan.batch-norm", LayerImplementation.class);
        ActivationImplementation activations = choice("model.dcgan.activations", ActivationImplementation.class);
        ConditionalDiscriminator conditionalDiscriminator = choice("model.conditional.discriminator",
                ConditionalDiscriminator.class);
        Loss family = choice("loss.family", Loss.class);
        Lipschitz lipschitz = choice("loss.lipschitz", Lipschitz.class);
        OptimizerConfig generator = optimizer("train.generator");
        OptimizerConfig discriminator = optimizer("train.discriminator");
        Update update = choice("train.update", Update.class);
        DivergenceAction action = choice("divergence.action", DivergenceAction.class);

        String name = str("name").isBlank() ? baseName : str("name");
        DataConfig data = data("data", integer("data.size"));
        CycleConfig cycle = new CycleConfig(bool("cycle.enabled"), dbl("cycle.lambda"), dbl("cycle.identity"),
                integer("cycle.pool-size"), integer("cycle.generator-width"), integer("cycle.discriminator-width"),
                integer("cycle.residual-blocks"), knownMap, data("cycle.b", 0));
        ModelConfig model = new ModelConfig(type, integer("model.latent-dim"), prior,
                intList("model.mlp.generator-widths"), intList("model.mlp.discriminator-widths"),
                integer("model.dcgan.base-width"), discriminatorNorm, convolution, batchNorm, activations,
                integer("model.resnet.generator-width"), integer("model.resnet.discriminator-width"),
                dbl("model.linear.generator-start"), dbl("model.linear.discriminator-start"),
                bool("model.conditional.enabled"), conditionalDiscriminator);
        LossConfig loss = new LossConfig(family, lipschitz, dbl("loss.clip-value"),
                integer("loss.spectral-iterations"), dbl("loss.label-smoothing"), dbl("loss.gradient-penalty-weight"),
                dbl("loss.r1-gamma"), integer("loss.r1-interval"));
        TrainConfig train = new TrainConfig(integer("train.epochs"), integer("train.batch-size"),
                integer("train.d-steps"), integer("train.max-steps-per-epoch"), generator, discriminator,
                dbl("train.instance-noise.std"),
                integer("train.instance-noise.anneal-epochs"), dbl("train.ema-decay"), update, learningRateDecay,
                schedule(), bool("train.workspaces"), augment());
        OutputConfig output = new OutputConfig(str("output.dir"), integer("output.log-every-steps"),
                integer("output.sample-grid"), integer("output.sample-points"));
        SparkConfig spark = new SparkConfig(str("spark.master"), integer("spark.partitions"),
                integer("spark.averaging-period"), integer("spark.averaging-fan-in"), integer("spark.round-timeout"), java.util.List.of(FaultDrills.get("spark.inject-failure.epoch"),
                FaultDrills.get("spark.inject-failure.round"), FaultDrills.get("spark.inject-failure.partition")), bool("spark.ui"),
                new OuterConfig(choice("spark.outer.optimizer", OuterMethod.class), dbl("spark.outer.learning-rate"),
                        dbl("spark.outer.momentum"), dbl("spark.outer.beta1"), dbl("spark.outer.beta2"),
                        dbl("spark.outer.epsilon")));
        CheckpointConfig checkpoint = new CheckpointConfig(str("checkpoint.dir"), integer("checkpoint.keep"),
                integer("checkpoint.every-rounds"), FaultDrills.get("checkpoint.inject-stall.epoch"));
        DivergenceConfig divergence = new DivergenceConfig(action,
                dbl("divergence.learning-rate-factor"), integer("divergence.max-rollbacks"),
                FaultDrills.get("divergence.inject-nan.epoch"), FaultDrills.get("divergence.inject-nan.round"));
        EvaluationConfig evaluation = new EvaluationConfig(integer("evaluation.every-epochs"),
                integer("evaluation.samples"), integer("evaluation.precision-recall-k"),
                dbl("evaluation.starved-share"), integer("evaluation.min-classes-present"),
                integer("evaluation.min-modes-covered"), integer("evaluation.spark-min-samples"),
                str("evaluation.test-images"), str("evaluation.test-labels"), str("evaluation.classifier-cache"),
                integer("evaluation.classifier-epochs"), lng("evaluation.classifier-seed"),
                integer("evaluation.classifier-batch-size"), dbl("evaluation.classifier-learning-rate"),
                integer("evaluation.real-images"));
        String resolved = c.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
        return new GanConfig(name, lng("seed"), engine, integer("threads"), data, model, loss, train, spark, output,
                checkpoint, divergence, evaluation, cycle, resolved);
    }

    /** An image or point source under {@code prefix} (data, or cycle.b for CycleGAN's set B). */
    private DataConfig data(String prefix, int size) {
        String p = prefix + ".";
        return new DataConfig(optionalChoice(p + "source", DataSource.class), size, str(p + "idx.images"), str(p + "idx.labels"),
                integer(p + "idx.limit"), integer(p + "idx.offset"), str(p + "folder.path"), str(p + "parquet.path"),
                str(p + "parquet.image-column"), str(p + "parquet.label-column"), integer(p + "image.height"),
                integer(p + "image.width"), integer(p + "image.channels"), bool(p + "image.convert"),
                lng(p + "image.max-pixels"), dbl(p + "max-bad-fraction"), strList(p + "class-names"));
    }

    private OptimizerConfig optimizer(String prefix) {
        return new OptimizerConfig(choice(prefix + ".optimizer", Optimizer.class), dbl(prefix + ".learning-rate"),
                dbl(prefix + ".beta1"),
                dbl(prefix + ".beta2"));
    }

    private AugmentConfig augment() {
        List<String> words = strList("train.augment.policy");
        List<AugmentTransform> policy = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            policy.add(Choices.parse("train.augment.policy[" + i + "]", words.get(i), AugmentTransform.class));
        }
        return new AugmentConfig(policy, bool("train.augment.adaptive"), dbl("train.augment.target"),
                integer("train.augment.interval"), lng("train.augment.speed-images"));
    }

    private List<ScheduleEntry> schedule() {
        List<ScheduleEntry> entries = new ArrayList<>();
        List<? extends Config> items = typed("train.schedule", c::getConfigList, "a list of objects");
        for (int i = 0; i < items.size(); i++) {
            Config e = items.get(i);
            String at = "train.schedule[" + i + "].";
            if (!e.hasPath("from-epoch")) {
                throw new InvalidConfigException("key '" + at + "from-epoch' is missing; every schedule entry "
                        + "needs the epoch it starts at");
            }
            entries.add(new ScheduleEntry(
                    typed(e, at, "from-epoch", e::getInt, "an integer"),
                    e.hasPath("d-steps") ? OptionalInt.of(typed(e, at, "d-steps", e::getInt, "an integer"))
                            : OptionalInt.empty(),
                    optionalDouble(e, at, "generator-learning-rate"),
                    optionalDouble(e, at, "discriminator-learning-rate"),
                    optionalDouble(e, at, "instance-noise-std"),
                    e.hasPath("averaging-period")
                            ? OptionalInt.of(typed(e, at, "averaging-period", e::getInt, "an integer"))
                            : OptionalInt.empty()));
        }
        return entries;
    }

    private static OptionalDouble optionalDouble(Config e, String at, String key) {
        return e.hasPath(key) ? OptionalDouble.of(typed(e, at, key, e::getDouble, "a number")) : OptionalDouble.empty();
    }

    private String str(String key) {
        return typed(key, c::getString, "a string");
    }

    /** A choice: the constant of {@code type} whose word {@code key} holds. */
    private <E extends Enum<E>> E choice(String key, Class<E> type) {
        return Choices.parse(key, str(key), type);
    }

    /** A choice that may be left empty (""), as cycle.b.source is without CycleGAN: null then. */
    private <E extends Enum<E>> E optionalChoice(String key, Class<E> type) {
        return str(key).isBlank() ? null : choice(key, type);
    }

    private int integer(String key) {
        return typed(key, c::getInt, "an integer");
    }

    private long lng(String key) {
        return typed(key, c::getLong, "an integer");
    }

    private boolean bool(String key) {
        return typed(key, c::getBoolean, "true or false");
    }

    private double dbl(String key) {
        return typed(key, c::getDouble, "a number");
    }

    private List<String> strList(String key) {
        return typed(key, c::getStringList, "a list of strings");
    }

    private List<Integer> intList(String key) {
        return typed(key, c::getIntList, "a list of integers");
    }

    private <T> T typed(String key, Function<String, T> getter, String expected) {
        return typed(c, "", key, getter, expected);
    }

    private static <T> T typed(Config config, String prefix, String key, Function<String, T> getter,
                               String expected) {
        try {
            return getter.apply(key);
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            String found = config.hasPathOrNull(key) && !config.getIsNull(key)
                    ? ConfigLoader.render(config.getValue(key)) : "null";
            throw new InvalidConfigException("key '" + prefix + key + "': expected " + expected + " but found "
                    + found, e);
        } catch (ConfigException.Null e) {
            throw new InvalidConfigException("key '" + prefix + key + "': expected " + expected + " but found null", e);
        }
    }
}
