package io.sparkgan.source;

import io.sparkgan.config.DataConfig;
import io.sparkgan.data.InvalidDataException;

/** Opens the image source a data config names (data.source = idx, folder or parquet), on any Hadoop path. */
public final class ImageSources {
    private ImageSources() {
    }

    /** Whether data.source names an image source this package reads (the others: points, a DataFrame). */
    public static boolean reads(DataConfig data) {
        return data.source().isFiles();
    }

    /** The source's inputs; refuses a missing path, a wrong header or schema, and an empty set. */
    public static ImageInputs open(DataConfig data, SourceFiles files) {
        ImageDecoder decoder = ImageDecoder.of(data);
        ImageInputs inputs = switch (data.source()) {
            case IDX -> IdxImages.open(files, data.idxImages(), data.idxLabels().isBlank() ? null : data.idxLabels(),
                    data.offset(), data.limit());
            case FOLDER -> FolderImages.open(files, data.folderPath(), decoder);
            case PARQUET -> ParquetImages.open(files, data.parquetPath(), data.parquetImageColumn(),
                    data.parquetLabelColumn(), decoder);
            default -> throw new IllegalArgumentException("data.source = " + data.source() + " is not an image source "
                    + "read from files (idx, folder, parquet)");
        };
        if (inputs.size() == 0) {
            throw new InvalidDataException("data set " + inputs.where() + " is empty");
        }
        inputs.checkFirst();
        return inputs;
    }

    /** [C, H, W] of the source's images: the IDX file's [1, rows, cols], else data.image's. */
    public static long[] sampleShape(DataConfig data, ImageInputs inputs) {
        if (inputs instanceof IdxImages idx) {
            return idx.sampleShape();
        }
        return new long[]{data.imageChannels(), data.imageHeight(), data.imageWidth()};
    }
}
