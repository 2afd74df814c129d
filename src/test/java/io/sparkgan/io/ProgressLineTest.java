package io.sparkgan.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {
    @Test
    void printsShareRateAndTimeLeftAtMostOnceAnInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong nanos = new AtomicLong();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true), "reference classifier: epoch 1/2", "images",
                60_000, 10, nanos::get);
        nanos.set(5_000_000_000L);
        line.update(10_000);                       // 5 s: too soon
        nanos.set(20_000_000_000L);
        line.update(15_000);                       // 20 s: 750 images/s, 45,000 left = 60 s
        nanos.set(25_000_000_000L);
        line.update(20_000);                       // 5 s after the last line: too soon
        nanos.set(40_000_000_000L);
        line.update(60_000);                       // done: nothing to say
        assertThat(bytes.toString().lines()).containsExactly(
                "reference classifier: epoch 1/2: 25% (15000/60000 images), 750 images/s, 0:01:00 left");
    }

    @Test
    void formatsDurationsAsHoursMinutesSeconds() {
        assertThat(ProgressLine.formatDuration(3725.4)).isEqualTo("1:02:05");
    }
}
