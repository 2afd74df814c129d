package io.sparkgan.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CycleGAN's scores on held-out images a of set A (pixels in [0, 1]; NaN where a score does not apply).
 *
 * @param translationError mean |G_AB(a) - T(a)|, T the known map (NaN without one)
 * @param cycleError       mean |G_BA(G_AB(a)) - a|
 * @param classPreserved   share of a whose reference-classifier class of T^-1(G_AB(a)) is a's label (NaN without
 *                         a known map or labels)
 * @param classesPresent   distinct reference-classifier classes among T^-1(G_AB(a)) (-1 without a classifier): a
 *                         generator that maps everything to a few images shows few
 * @param images           held-out images scored
 */
public record TranslationScores(double translationError, double cycleError, double classPreserved,
                                int classesPresent, int images) {
    /** The collapse alarm: fewer classes present than {@code minClassesPresent} (never without a classifier). */
    public boolean collapsed(int minClassesPresent) {
        return classesPresent >= 0 && classesPresent < minClassesPresent;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        putFinite(json, "translation_error", translationError);
        json.put("cycle_error", cycleError);
        putFinite(json, "class_preserved", classPreserved);
        if (classesPresent >= 0) {
            json.put("classes_present", classesPresent);
        }
        json.put("images", images);
        return json;
    }

    public String summary() {
        return String.format("translation_error %.4f, cycle_error %.4f, class_preserved %.3f (%d held-out images)",
                translationError, cycleError, classPreserved, images);
    }

    private static void putFinite(Map<String, Object> json, String key, double value) {
        if (Double.isFinite(value)) {
            json.put(key, value);
        }
    }
}
