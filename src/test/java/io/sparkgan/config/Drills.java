package io.sparkgan.config;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Runs code with fault drills on ({@link FaultDrills}: system properties), and turns them off after. */
public final class Drills {
    private Drills() {
    }

    /** {@code action} with each KEY=VALUE of {@code drills} set as the drill KEY. */
    public static <T> T with(Map<String, String> drills, Supplier<T> action) {
        drills.forEach((k, v) -> System.setProperty(FaultDrills.PREFIX + k, v));
        try {
            return action.get();
        } finally {
            drills.keySet().forEach(k -> System.clearProperty(FaultDrills.PREFIX + k));
        }
    }

    /** The JVM flags that turn the drills on in a child JVM. */
    public static List<String> jvmFlags(Map<String, String> drills) {
        return drills.entrySet().stream().map(e -> "-D" + FaultDrills.PREFIX + e.getKey() + "=" + e.getValue()).toList();
    }
}
