package io.sparkgan.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Loads an experiment file plus {@code key=value} overrides over the defaults in reference.conf, and
 * turns them into a validated {@link GanConfig}. Every problem is reported before any work starts, with
 * the key, the value found and what is allowed.
 */
public final class ConfigLoader {
    private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();
    /** Namespace of our defaults inside reference.conf (other libraries' reference.conf files merge beside it). */
    static final String ROOT = "spark-gan";
    /** Keys whose value is a list of objects; their entries are checked against {@link #SCHEDULE_KEYS}. */
    private static final String SCHEDULE = "train.schedule";
    private static final List<String> SCHEDULE_KEYS = List.of("from-epoch", "d-steps",
            "generator-learning-rate", "discriminator-learning-rate", "instance-noise-std", "averaging-period");

    private ConfigLoader() {
    }

    /** The file's base name (without .conf) names the experiment unless {@code name} is set. */
    public static GanConfig load(Path file, List<String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException("config file not found: " + file.toAbsolutePath());
        }
        Config user;
        try {
            user = ConfigFactory.parseFile(file.toFile());
        } catch (ConfigException e) {
            throw new InvalidConfigException("cannot parse config file " + file + ": " + e.getMessage(), e);
        }
        String baseName = file.getFileName().toString().replaceFirst("\\.conf$", "");
        return build(user, baseName, overrides);
    }

    /** Same as {@link #load} for HOCON text (tests, embedded use). */
    public static GanConfig parse(String hocon, String baseName, List<String> overrides) {
        Config user;
        try {
            user = ConfigFactory.parseString(hocon);
        } catch (ConfigException e) {
            throw new InvalidConfigException("cannot parse config: " + e.getMessage(), e);
        }
        return build(user, baseName, overrides);
    }

    /** The defaults alone, as reference.conf states them. */
    public static Config defaults() {
        return ConfigFactory.defaultReference().getConfig(ROOT);
    }

    private static GanConfig build(Config user, String baseName, List<String> overrides) {
        Config defaults = defaults();
        Config cli = parseOverrides(overrides);
        rejectUnknownKeys(user, defaults, "config file");
        rejectUnknownKeys(cli, defaults, "command line");
        Config merged;
        try {
            Config given = cli.withFallback(user);
            merged = given.withFallback(TypeDefaults.of(given)).withFallback(defaults).resolve();
        } catch (ConfigException e) {
            throw new InvalidConfigException("cannot resolve config: " + e.getMessage(), e);
        }
        GanConfig config = new RecordReader(merged, baseName).read();
        ConfigValidator.validate(config);
        return config;
    }

    static Config parseOverrides(List<String> overrides) {
        Config cli = ConfigFactory.empty();
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new InvalidConfigException("override '" + override + "' is not of the form key=value");
            }
            String key = override.substring(0, eq).trim();
            String value = override.substring(eq + 1).trim();
            Config one;
            try {
                one = ConfigFactory.parseString(key + " = " + value);
            } catch (ConfigException e) {
                // A value HOCON cannot parse unquoted (a path with ':', say) is taken as a plain string.
                one = ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
            }
            cli = one.withFallback(cli);
        }
        return cli;
    }

    private static void rejectUnknownKeys(Config given, Config defaults, String where) {
        for (Map.Entry<String, ConfigValue> entry : given.entrySet()) {
            String key = entry.getKey();
            if (key.equals(SCHEDULE) || key.startsWith(SCHEDULE + ".")) {
                checkScheduleEntries(given);
                continue;
            }
            if (!defaults.hasPathOrNull(key)) {
                throw new InvalidConfigException("unknown config key '" + key + "' (" + where + ", value "
                        + render(entry.getValue()) + ")" + suggestion(key, defaults));
            }
        }
    }

    private static void checkScheduleEntries(Config given) {
        ConfigValue value = given.getValue(SCHEDULE);
        if (value.valueType() != ConfigValueType.LIST) {
            throw new InvalidConfigException("key '" + SCHEDULE + "': expected a list of objects but found "
                    + render(value));
        }
        int index = 0;
        for (ConfigValue item : (ConfigList) value) {
            if (item.valueType() != ConfigValueType.OBJECT) {
                throw new InvalidConfigException("key '" + SCHEDULE + "[" + index + "]': expected an object like "
                        + "{ from-epoch = 5, d-steps = 2 } but found " + render(item));
            }
            for (String k : ((ConfigObject) item).keySet()) {
                if (!SCHEDULE_KEYS.contains(k)) {
                    throw new InvalidConfigException("unknown key '" + k + "' in " + SCHEDULE + "[" + index
                            + "]; allowed: " + String.join(", ", SCHEDULE_KEYS));
                }
            }
            index++;
        }
    }

    static String render(ConfigValue value) {
        return value.render(ConfigRenderOptions.concise());
    }

    private static String suggestion(String key, Config defaults) {
        List<String> known = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
            known.add(e.getKey());
        }
        return known.stream()
                .min(Comparator.comparingInt(k -> editDistance(k, key)))
                .filter(best -> editDistance(best, key) <= Math.max(3, key.length() / 4))
                .map(best -> "; did you mean '" + best + "'?")
                .orElse("; see reference.conf for the keys");
    }

    /** Levenshtein distance (commons-text's, which Spark ships), for "did you mean" hints. */
    static int editDistance(String a, String b) {
        return LEVENSHTEIN.apply(a, b);
    }
}
