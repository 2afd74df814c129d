package io.sparkgan.train;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test helper: two runs' step figures, iteration by iteration, equal bit for bit. */
final class SameFigures {
    private SameFigures() {
    }

    /** Reads every figure now, so that a figure whose memory was reused since its step shows as a difference. */
    static void assertSame(List<DeviceStepFigures> expected, List<DeviceStepFigures> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            DeviceStepFigures e = expected.get(i);
            DeviceStepFigures a = actual.get(i);
            assertEquals(e.discriminatorLoss().getDouble(0), a.discriminatorLoss().getDouble(0), 0.0, "D loss " + i);
            assertEquals(e.generatorLoss().getDouble(0), a.generatorLoss().getDouble(0), 0.0, "G loss " + i);
            assertEquals(e.meanRealOutput().getDouble(0), a.meanRealOutput().getDouble(0), 0.0, "D(real) " + i);
            assertEquals(e.meanFakeOutput().getDouble(0), a.meanFakeOutput().getDouble(0), 0.0, "D(fake) " + i);
            assertEquals(e.penaltyDropped(), a.penaltyDropped(), "samples left out of the penalty " + i);
        }
    }
}
