package io.sparkgan.config;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The config's choices as enums: a constant is written in the config as its name in lower case with '-' for
 * '_' ({@code Loss.NON_SATURATING} is "non-saturating"), and each choice enum's {@code toString()} gives that word,
 * so messages, config.conf and summary.json keep the words. {@link RecordReader} parses each choice once.
 */
final class Choices {
    private Choices() {
    }

    /** The word of {@code choice} in the config. */
    static String word(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} written {@code value} under {@code key}; else a message listing the words, with the
     * closest one (by edit distance, ignoring case and '_' for '-') when it is close.
     */
    static <E extends Enum<E>> E parse(String key, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (word(e).equals(value)) {
                return e;
            }
        }
        List<String> words = words(type);
        String written = value.toLowerCase(Locale.ROOT).replace('_', '-');
        String closest = words.stream().min(Comparator.comparingInt(w -> ConfigLoader.editDistance(w, written)))
                .filter(w -> ConfigLoader.editDistance(w, written) <= Math.max(2, written.length() / 3)).orElse(null);
        throw new InvalidConfigException("key '" + key + "' = \"" + value + "\" is not allowed; allowed: "
                + String.join(", ", words) + (closest == null ? "" : "; did you mean " + closest + "?"));
    }

    /** The words of {@code type}, in its constants' order. */
    static List<String> words(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Choices::word).toList();
    }
}
