package io.sparkgan.config;

import java.util.List;

/**
 * Where the real samples come from.
 *
 * @param source             where the samples come from; null only for an unset cycle.b.source
 * @param size               points drawn for a 2-D mixture, or the Dirac set's points
 * @param idxImages          IDX3 images file (source idx)
 * @param idxLabels          IDX1 labels file, empty when none
 * @param limit              use only the first N images, 0 = all
 * @param offset             skip the first N images of an IDX file (before the limit applies)
 * @param folderPath         root of an image tree (source folder)
 * @param parquetPath        Parquet file or folder (source parquet)
 * @param parquetImageColumn binary column of encoded images
 * @param parquetLabelColumn integer label column, empty when none
 * @param imageHeight        images are height x width ...
 * @param imageWidth         ...
 * @param imageChannels      ... with 1 (grey) or 3 (RGB) channels
 * @param imageConvert       bring images of another size or channel count to that shape (scale, centre-crop,
 *                           grey/RGB); false = such an image stops the run (the first) or is counted bad
 * @param imageMaxPixels     the most pixels (width x height, read from its header) an encoded image may have to be
 *                           decoded; a larger one is a bad image
 * @param maxBadFraction     share of undecodable files tolerated before the run stops
 * @param classNames         names of the classes by label index; empty = their numbers
 */
public record DataConfig(DataSource source, int size, String idxImages, String idxLabels, int limit, int offset,
                         String folderPath,
                         String parquetPath, String parquetImageColumn, String parquetLabelColumn, int imageHeight,
                         int imageWidth, int imageChannels, boolean imageConvert, long imageMaxPixels,
                         double maxBadFraction,
                         List<String> classNames) {
    public DataConfig {
        classNames = List.copyOf(classNames);
    }

    public boolean isMixture() {
        return source != null && source.isMixture();
    }

    /** Vector data drawn from the seed rather than read: the 2-D mixtures and the Dirac set (all points at 0). */
    public boolean isPoints() {
        return source != null && source.isPoints();
    }

    /** Sources decoded from encoded image files (PNG/JPEG). */
    public boolean isEncodedImages() {
        return source == DataSource.FOLDER || source == DataSource.PARQUET;
    }
}
