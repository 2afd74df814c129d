package io.sparkgan.spark;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run's config travels to executors as its resolved HOCON text; each JVM parses it once per run
 * ({@link ExecutorCache}'s part).
 */
final class ConfigCache {
    private final Map<String, GanConfig> parsed = new ConcurrentHashMap<>();

    ConfigCache() {
    }

    GanConfig get(String resolvedHocon, String name) {
        return parsed.computeIfAbsent(name + "\n" + resolvedHocon,
                k -> ConfigLoader.parse(resolvedHocon, name, List.of()));
    }

    int size() {
        return parsed.size();
    }
}
