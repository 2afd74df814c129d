package io.sparkgan.io;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Progress of a long step (the reference classifier's training, a pass over many samples), printed as
 * training prints it: at most one line every {@code everySeconds}, with the share done, the rate and the
 * time left, e.g. "reference classifier epoch 1/2: 45% (27000/60000 images), 812 images/s, 0:00:40 left".
 */
public final class ProgressLine {
    private final PrintStream out;
    private final String what;
    private final String unit;
    private final long total;
    private final double everySeconds;
    private final LongSupplier clock;
    private final long start;
    private long lastPrint;

    public ProgressLine(PrintStream out, String what, String unit, long total, double everySeconds) {
        this(out, what, unit, total, everySeconds, System::nanoTime);
    }

    ProgressLine(PrintStream out, String what, String unit, long total, double everySeconds, LongSupplier clock) {
        this.out = out;
        this.what = what;
        this.unit = unit;
        this.total = total;
        this.everySeconds = everySeconds;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastPrint = start;
    }

    /** Reports {@code done} of the total; prints when the last line is {@code everySeconds} old. */
    public void update(long done) {
        long now = clock.getAsLong();
        if ((now - lastPrint) / 1e9 < everySeconds || done >= total) {
            return;
        }
        lastPrint = now;
        double seconds = (now - start) / 1e9;
        double rate = done / seconds;
        out.printf("%s: %.0f%% (%d/%d %s), %.0f %s/s, %s left%n", what, 100.0 * done / total, done, total, unit, rate,
                unit, rate > 0 ? formatDuration((total - done) / rate) : "?");
    }

    /** h:mm:ss. */
    public static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
