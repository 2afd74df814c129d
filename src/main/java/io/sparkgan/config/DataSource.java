package io.sparkgan.config;

/**
 * {@code data.source} (and {@code cycle.b.source}): points drawn from the seed (the ring8 and grid25 mixtures, the
 * Dirac set), images read from files (IDX, an image folder tree, Parquet), or the Spark ML API's DataFrame column.
 */
public enum DataSource {
    RING8, GRID25, DIRAC, IDX, FOLDER, PARQUET, DATAFRAME;

    /** The 2-D Gaussian mixtures. */
    public boolean isMixture() {
        return this == RING8 || this == GRID25;
    }

    /** Vector data drawn from the seed rather than read: the mixtures and the Dirac set (all points at 0). */
    public boolean isPoints() {
        return isMixture() || this == DIRAC;
    }

    /** Image sources read from files on a Hadoop path. */
    public boolean isFiles() {
        return this == IDX || this == FOLDER || this == PARQUET;
    }

    /** The word in the config. */
    @Override
    public String toString() {
        return Choices.word(this);
    }
}
