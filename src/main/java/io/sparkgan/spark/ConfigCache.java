package io.sparkgan.spark;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The run's config travels to executors as its resolved HOCON text; each JVM parses it once. */
final class ConfigCache {
    private static final Map<String, GanConfig> PARSED = new ConcurrentHashMap<>();

    private ConfigCache() {
    }

    static GanConfig get(String resolvedHocon, String name) {
        return PARSED.computeIfAbsent(name + "\n" + resolvedHocon,
                k -> ConfigLoader.parse(resolvedHocon, name, List.of()));
    }
}
