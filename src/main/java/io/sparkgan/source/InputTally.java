package io.sparkgan.source;

import io.sparkgan.config.DataConfig;
import io.sparkgan.data.ClassList;
import io.sparkgan.data.InvalidDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The count of good and bad inputs of an image source (or of one Spark partition of it), with the first problems
 * and the largest label: the one check both engines make before training. Bad inputs are logged; the run stops
 * when none decoded, or when their share exceeds data.max-bad-fraction. A plain class for Spark's Kryo.
 */
public final class InputTally implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(InputTally.class);
    /** Problems kept per tally: enough to name the first bad files, not a copy of a broken data set. */
    private static final int LISTED = 20;
    private long good;
    private long bad;
    private int maxLabel = -1;
    private ArrayList<String> problems = new ArrayList<>();

    /** Counts one row. */
    public void add(ImageRow row) {
        if (row.ok()) {
            good++;
            maxLabel = Math.max(maxLabel, row.label());
        } else {
            bad++;
            if (problems.size() < LISTED) {
                problems.add(row.describeProblem());
            }
        }
    }

    /** Adds another tally's counts (another partition's, in partition order). */
    public void add(InputTally other) {
        good += other.good;
        bad += other.bad;
        maxLabel = Math.max(maxLabel, other.maxLabel);
        problems.addAll(other.problems);
    }

    public long good() {
        return good;
    }

    public long bad() {
        return bad;
    }

    /**
     * Logs the bad inputs and stops when the set is unusable.
     *
     * @param notInputs files skipped because they are not images by their extension (named in the message only)
     */
    public void check(DataConfig data, String where, long notInputs) {
        problems.forEach(p -> LOG.warn("skipped input: {}", p));
        long total = good + bad;
        if (good == 0) {
            throw new InvalidDataException("data set " + where + " holds no decodable image (" + bad
                    + " inputs could not be decoded" + (problems.isEmpty() ? "" : ", e.g. " + problems.get(0))
                    + (notInputs > 0 ? "; " + notInputs + " files are not images" : "") + ")");
        }
        double badFraction = (double) bad / total;
        if (badFraction > data.maxBadFraction()) {
            throw new InvalidDataException(String.format("%d of %d inputs of %s could not be decoded (%.2f%%), "
                            + "more than data.max-bad-fraction = %s allows; first: %s", bad, total, where,
                    100 * badFraction, data.maxBadFraction(),
                    String.join("; ", problems.subList(0, Math.min(3, problems.size())))));
        }
    }

    /**
     * The classes: a folder's class names when given, else the labels 0 .. max (named by data.class-names), or null
     * when no input has a label.
     */
    public ClassList classes(List<String> classNames, DataConfig data) {
        return classNames != null ? new ClassList(classNames)
                : maxLabel >= 0 ? ClassList.of(maxLabel + 1, data.classNames()) : null;
    }
}
