package io.sparkgan.config;

/**
 * Where the real samples come from.
 *
 * @param source     ring8, grid25 or idx
 * @param size       points drawn for a 2-D mixture
 * @param idxImages  IDX3 images file (source idx)
 * @param idxLabels  IDX1 labels file, empty when none
 * @param limit      use only the first N images, 0 = all
 */
public record DataConfig(String source, int size, String idxImages, String idxLabels, int limit) {
    public boolean isMixture() {
        return source.equals("ring8") || source.equals("grid25");
    }
}
