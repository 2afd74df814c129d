package io.sparkgan.data;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classes of a labelled data set: names by label index (an image folder's class folders in sorted order,
 * data.class-names, or the numbers "0", "1", ...). A conditional run writes it as classes.json into its run
 * directory, so that {@code generate --class sandal} and {@code --class 5} both find the class.
 */
public record ClassList(List<String> names) {
    public static final String FILE_NAME = "classes.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ClassList {
        names = List.copyOf(names);
    }

    /**
     * The classes of labels 0 .. count - 1: {@code configured} names (data.class-names) when given, else the
     * numbers.
     *
     * @throws InvalidDataException when fewer names are configured than the labels need
     */
    public static ClassList of(int count, List<String> configured) {
        if (!configured.isEmpty()) {
            if (configured.size() < count) {
                throw new InvalidDataException("data.class-names holds " + configured.size() + " names but the labels "
                        + "go up to " + (count - 1) + "; give a name for each of the " + count + " classes");
            }
            return new ClassList(configured);
        }
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(Integer.toString(i));
        }
        return new ClassList(numbers);
    }

    /** The classes of {@code labels} (each in 0 .. K - 1): K = the largest label + 1. */
    public static ClassList ofLabels(int[] labels, List<String> configured) {
        int max = -1;
        for (int label : labels) {
            if (label < 0) {
                throw new InvalidDataException("label " + label + " is negative; classes are numbered from 0");
            }
            max = Math.max(max, label);
        }
        return of(max + 1, configured);
    }

    public int size() {
        return names.size();
    }

    /** The index of a class given by name or by number. */
    public int index(String nameOrNumber) {
        int byName = names.indexOf(nameOrNumber);
        if (byName >= 0) {
            return byName;
        }
        try {
            int i = Integer.parseInt(nameOrNumber.trim());
            if (i >= 0 && i < names.size()) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // not a number: unknown name
        }
        throw new IllegalArgumentException("unknown class '" + nameOrNumber + "'; the classes are " + names
                + " (by name, or by number 0 to " + (names.size() - 1) + ")");
    }

    /** The names as a JSON array (classes.json). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(names) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the class list: " + e.getMessage(), e);
        }
    }

    public static ClassList read(Path file) {
        try {
            return parse(java.nio.file.Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class list " + file + ": " + e.getMessage(), e);
        }
    }

    /** A JSON array of names, as {@link #toJson} writes it; {@code where} names the source in errors. */
    public static ClassList parse(String json, String where) {
        try {
            return new ClassList(List.of(JSON.readValue(json, String[].class)));
        } catch (IOException e) {
            throw new InvalidDataException("the class list " + where + " is not a JSON array of names: "
                    + e.getMessage());
        }
    }
}
