package io.sparkgan.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChoicesTest {
    /** Every choice with its words in the order messages list them: what config files, config.conf and old run
     * directories hold, so these words must not change. */
    private static final Map<Class<? extends Enum<?>>, List<String>> WORDS = Map.ofEntries(
            Map.entry(Engine.class, List.of("spark", "local")),
            Map.entry(DataSource.class, List.of("ring8", "grid25", "dirac", "idx", "folder", "parquet", "dataframe")),
            Map.entry(DivergenceAction.class, List.of("stop", "rollback")),
            Map.entry(ModelType.class, List.of("mlp", "dcgan", "resnet", "linear")),
            Map.entry(Prior.class, List.of("normal", "uniform")),
            Map.entry(Loss.class, List.of("minimax", "non-saturating", "maximum-likelihood", "wasserstein", "hinge",
                    "least-squares")),
            Map.entry(Lipschitz.class, List.of("none", "clip", "spectral", "gradient-penalty")),
            Map.entry(Optimizer.class, List.of("adam", "sgd")),
            Map.entry(Update.class, List.of("alternating", "simultaneous")),
            Map.entry(DiscriminatorNorm.class, List.of("batch", "none")),
            Map.entry(LayerImplementation.class, List.of("onednn", "dl4j")),
            Map.entry(ActivationImplementation.class, List.of("vectorised", "dl4j")),
            Map.entry(CycleKnownMap.class, List.of("none", "invert-shift")),
            Map.entry(LearningRateDecay.class, List.of("none", "linear-second-half")),
            Map.entry(ConditionalDiscriminator.class, List.of("projection", "concatenation")));

    @Test
    void eachConstantIsWrittenAsItsWordInTheConfig() {
        WORDS.forEach((type, words) -> {
            assertThat(Choices.words(type)).as(type.getSimpleName()).isEqualTo(words);
            for (Enum<?> constant : type.getEnumConstants()) {
                assertThat(constant.toString()).isEqualTo(Choices.word(constant));
            }
        });
        assertThat(Loss.NON_SATURATING).hasToString("non-saturating");
    }

    @Test
    void eachWordParsesToItsConstant() {
        for (Class<? extends Enum<?>> type : WORDS.keySet()) {
            for (Enum<?> constant : type.getEnumConstants()) {
                assertThat(parse(type, constant.toString())).isSameAs(constant);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Enum<?> parse(Class<? extends Enum<?>> type, String word) {
        return Choices.parse("key", word, (Class) type);
    }

    @Test
    void anotherWordIsRefusedNamingKeyValueAndTheWords() {
        assertThatThrownBy(() -> Choices.parse("loss.family", "NON_SATURATING", Loss.class))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("key 'loss.family' = \"NON_SATURATING\" is not allowed; allowed: minimax, non-saturating, "
                        + "maximum-likelihood, wasserstein, hinge, least-squares; did you mean non-saturating?");
        assertThatThrownBy(() -> Choices.parse("train.generator.optimizer", "Adam", Optimizer.class))
                .hasMessage("key 'train.generator.optimizer' = \"Adam\" is not allowed; allowed: adam, sgd; did you mean "
                        + "adam?");
        assertThatThrownBy(() -> Choices.parse("data.source", "parquett", DataSource.class))
                .hasMessageEndingWith("; did you mean parquet?");
        assertThatThrownBy(() -> Choices.parse("loss.family", "bce", Loss.class))
                .hasMessageEndingWith("least-squares").hasMessageNotContaining("did you mean");
    }
}
