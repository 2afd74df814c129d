package io.sparkgan.cli;

import io.sparkgan.platform.Location;
import picocli.CommandLine;

/** A command-line path as a {@link Location}: local without a scheme, else any Hadoop file system's. */
final class LocationConverter implements CommandLine.ITypeConverter<Location> {
    @Override
    public Location convert(String value) {
        return Location.of(value);
    }
}
