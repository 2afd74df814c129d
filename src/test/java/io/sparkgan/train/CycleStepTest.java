package io.sparkgan.train;

import io.sparkgan.config.ConfigLoader;
import io.sparkgan.config.GanConfig;
import io.sparkgan.data.Minibatch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CycleGAN's iteration with its arrays in the StepWorkspace and on fresh arrays: the same four networks, the same
 * history pools and the same figures, bit for bit; every network moves.
 */
class CycleStepTest {
    private static final long[] SHAPE = {1, 16, 16};
    private static final int PAIRS = 4;

    @Test
    void iterationsInTheWorkspaceEndBitIdenticalToIterationsOnFreshArrays() {
        List<INDArray> finals = new ArrayList<>();
        List<List<DeviceStepFigures>> figures = new ArrayList<>();
        INDArray before = null;
        for (boolean workspaces : new boolean[]{true, false}) {
            GanConfig c = ConfigLoader.parse("", "cycle-step-test", List.of("data.source=idx",
                    "data.idx.images=unused", "data.image.height=16", "data.image.width=16", "cycle.enabled=true",
                    "cycle.b.source=idx", "cycle.b.idx.images=unused", "loss.family=least-squares",
                    "cycle.generator-width=4", "cycle.discriminator-width=4", "cycle.residual-blocks=1",
                    "cycle.pool-size=3", "cycle.identity=0", "train.batch-size=" + PAIRS, "train.workspaces=" + workspaces));
            GanState s = GanState.cycle(c, SHAPE);
            before = before == null ? everything(s).dup() : before;
            CycleStep step = new CycleStep(c);
            List<DeviceStepFigures> run = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                INDArray both = images(i);
                run.add(step.iterate(s, () -> new Minibatch(both, null), new EpochSettings(1, 2e-4, 2e-4, 0, 1),
                        new SplittableRandom(Seeds.derive(5, Seeds.STEP, 0, i))));
                assertFalse(Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread(), "a workspace was left open");
            }
            if (workspaces) {
                assertTrue(Nd4j.getWorkspaceManager().checkIfWorkspaceExists(StepWorkspace.NAME),
                        "the step never opened its workspace");
            }
            finals.add(everything(s));
            figures.add(run);
        }
        assertNotEquals(before, finals.get(1), "the networks did not move");
        assertEquals(finals.get(1), finals.get(0));
        SameFigures.assertSame(figures.get(1), figures.get(0));
    }

    /** [2 PAIRS, 1, 16, 16] in [-1, 1], A rows then B rows, the same for the same {@code seed}. */
    private static INDArray images(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[(int) (2 * PAIRS * SHAPE[0] * SHAPE[1] * SHAPE[2])];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) (2 * random.nextDouble() - 1);
        }
        return Nd4j.create(values, new long[]{2 * PAIRS, SHAPE[0], SHAPE[1], SHAPE[2]}, 'c');
    }

    /** G_AB, D_B, G_BA, D_A and the history pools as one vector. */
    private static INDArray everything(GanState s) {
        return Nd4j.concat(0, s.generator().params().reshape(-1), s.discriminator().params().reshape(-1),
                s.reverse().generator().params().reshape(-1), s.reverse().discriminator().params().reshape(-1),
                s.pools().reshape(-1));
    }
}
