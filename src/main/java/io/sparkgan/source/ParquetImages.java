package io.sparkgan.source;

import io.sparkgan.data.InvalidDataException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Parquet files (one file, or a folder of them as Spark writes it) with a column of encoded image bytes and
 * optionally an integer label column, read with parquet-hadoop's own reader (no Spark needed). Opening reads only
 * the files' footers: their schemas (checked) and row counts. The inputs are the rows in file order (files sorted
 * by path, hidden files such as _SUCCESS left out), so a range is found from the counts; reading a range opens only
 * the files it spans and reads just the two columns.
 */
final class ParquetImages implements ImageInputs {
    private static final long serialVersionUID = 1L;
    private final SourceFiles files;
    private final String path;
    private final ArrayList<String> parts;
    private final long[] partRows;
    private final ArrayList<String> projections;
    private final String imageColumn;
    private final String labelColumn;
    private final long from;
    private final long count;
    private final ImageDecoder decoder;

    private ParquetImages(SourceFiles files, String path, List<String> parts, long[] partRows, List<String> projections,
                          String imageColumn, String labelColumn, long from, long count, ImageDecoder decoder) {
        this.files = files;
        this.path = path;
        this.parts = new ArrayList<>(parts);
        this.partRows = partRows;
        this.projections = new ArrayList<>(projections);
        this.imageColumn = imageColumn;
        this.labelColumn = labelColumn;
        this.from = from;
        this.count = count;
        this.decoder = decoder;
    }

    /** @param labelColumn the label column, or "" for none */
    static ParquetImages open(SourceFiles files, String path, String imageColumn, String labelColumn,
                              ImageDecoder decoder) {
        if (!files.exists(path)) {
            throw new InvalidDataException("cannot read Parquet data.parquet.path = " + path + ": Path does not exist");
        }
        List<String> parts = files.listFiles(path, "Parquet data");
        long[] rows = new long[parts.size()];
        List<String> projections = new ArrayList<>();
        long total = 0;
        Configuration conf = files.configuration();
        for (int i = 0; i < parts.size(); i++) {
            try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(parts.get(i)),
                    conf))) {
                MessageType schema = footer.getFooter().getFileMetaData().getSchema();
                checkImageColumn(schema, imageColumn, parts.get(i));
                List<Type> read = new ArrayList<>(List.of(schema.getType(imageColumn)));
                if (!labelColumn.isBlank()) {
                    checkLabelColumn(schema, labelColumn, parts.get(i));
                    read.add(schema.getType(labelColumn));
                }
                projections.add(new MessageType(schema.getName(), read).toString());
                rows[i] = footer.getRecordCount();
                total += rows[i];
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidDataException bad) {
                    throw bad;
                }
                throw new InvalidDataException("cannot read Parquet data.parquet.path = " + path + ": file "
                        + parts.get(i) + ": " + firstLine(e.getMessage()), e);
            }
        }
        return new ParquetImages(files, path, parts, rows, projections, imageColumn, labelColumn, 0, total, decoder);
    }

    private static Type column(MessageType schema, String column, String key, String file) {
        if (!schema.containsField(column)) {
            throw new InvalidDataException("column '" + column + "' (" + key + ") is not in " + file
                    + "; its columns are " + schema.getFields().stream().map(Type::getName).toList());
        }
        return schema.getType(column);
    }

    private static void checkImageColumn(MessageType schema, String column, String file) {
        Type type = column(schema, column, "data.parquet.image-column", file);
        boolean binary = type.isPrimitive()
                && type.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY
                && !(type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation);
        if (!binary) {
            throw new InvalidDataException("column '" + column + "' (data.parquet.image-column) of " + file
                    + " has type " + describe(type) + "; expected binary (encoded image bytes)");
        }
    }

    private static void checkLabelColumn(MessageType schema, String column, String file) {
        Type type = column(schema, column, "data.parquet.label-column", file);
        boolean integer = type.isPrimitive() && (type.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32
                || type.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64);
        if (!integer) {
            throw new InvalidDataException("column '" + column + "' (data.parquet.label-column) of " + file
                    + " has type " + describe(type) + "; expected an integer class number");
        }
    }

    private static String describe(Type type) {
        if (!type.isPrimitive()) {
            return "group " + type.getName();
        }
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
            return "string";
        }
        return type.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT)
                + (logical == null ? "" : " (" + logical + ")");
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public long size() {
        return count;
    }

    @Override
    public ImageInputs range(long start, long n) {
        return new ParquetImages(files, path, parts, partRows, projections, imageColumn, labelColumn, from + start, n,
                decoder);
    }

    @Override
    public ImageInputs pick(long[] sortedRows) {
        return new PickedInputs(this, sortedRows);
    }

    @Override
    public void checkFirst() {
        Iterator<Group> it = new GroupRows(from, 1);
        if (it.hasNext()) {
            Group row = it.next();
            if (row.getFieldRepetitionCount(imageColumn) > 0) {
                FirstImage.check(decoder, row.getBinary(imageColumn, 0).getBytes(), path + " row " + from);
            }
        }
    }

    @Override
    public String where() {
        return "data.parquet.path = " + path;
    }

    @Override
    public Iterator<ImageRow> rows() {
        GroupRows groups = new GroupRows(from, count);
        boolean labelled = !labelColumn.isBlank();
        return new Iterator<>() {
            private long number = from;

            @Override
            public boolean hasNext() {
                return groups.hasNext();
            }

            @Override
            public ImageRow next() {
                Group row = groups.next();
                String name = path + " row " + number++;
                int label = -1;
                if (labelled && row.getFieldRepetitionCount(labelColumn) > 0) {
                    label = row.getType().getType(labelColumn).asPrimitiveType().getPrimitiveTypeName()
                            == PrimitiveTypeName.INT64 ? (int) row.getLong(labelColumn, 0)
                            : row.getInteger(labelColumn, 0);
                }
                if (row.getFieldRepetitionCount(imageColumn) == 0) {
                    return ImageRow.bad(name, "image column is null");
                }
                try {
                    return ImageRow.of(decoder.decode(row.getBinary(imageColumn, 0).getBytes(), name), label);
                } catch (InvalidDataException e) {
                    return ImageRow.bad(name, e.getMessage());
                }
            }
        };
    }

    /**
     * Rows [start, start + n) over the files, as parquet-hadoop's example Groups of the image (and label) column:
     * whole files before the range are passed by their counts, rows before it in its first file are read and dropped.
     */
    private final class GroupRows implements Iterator<Group> {
        private long left;
        private int part;
        private long skipInPart;
        private ParquetReader<Group> reader;
        private Group next;

        GroupRows(long start, long n) {
            this.left = n;
            long before = 0;
            while (part < parts.size() && before + partRows[part] <= start) {
                before += partRows[part++];
            }
            this.skipInPart = start - before;
        }

        @Override
        public boolean hasNext() {
            if (next == null && left > 0) {
                next = read();
            }
            return next != null;
        }

        @Override
        public Group next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Group g = next;
            next = null;
            left--;
            if (left == 0) {
                close();
            }
            return g;
        }

        private Group read() {
            try {
                while (part < parts.size()) {
                    if (reader == null) {
                        reader = open(parts.get(part), projections.get(part));
                        for (; skipInPart > 0; skipInPart--) {
                            reader.read();
                        }
                    }
                    Group g = reader.read();
                    if (g != null) {
                        return g;
                    }
                    close();
                    part++;
                }
                throw new InvalidDataException("Parquet data " + path + " ended " + left + " rows early");
            } catch (IOException e) {
                close();
                throw new InvalidDataException("cannot read Parquet data.parquet.path = " + path + ": file "
                        + parts.get(part) + ": " + firstLine(e.getMessage()), e);
            }
        }

        /** A reader of the file's image (and label) column: {@code projection} is that part of its schema. */
        private ParquetReader<Group> open(String file, String projection) throws IOException {
            Configuration conf = files.configuration();
            conf.set(ReadSupport.PARQUET_READ_SCHEMA, projection);
            return ParquetReader.builder(new GroupReadSupport(), new Path(file)).withConf(conf).build();
        }

        private void close() {
            if (reader != null) {
                SourceFiles.closeQuietly(reader);
                reader = null;
            }
        }
    }
}
