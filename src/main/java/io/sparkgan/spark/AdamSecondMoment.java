package io.sparkgan.spark;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Adam's second moment after an averaged round in which a network took exactly one step (H = 1; k = 1 for D).
 * <p>
 * From the same state (m0, v0), partition p steps with its gradient g_p: m_p = b1 m0 + (1 - b1) g_p and
 * v_p = b2 v0 + (1 - b2) g_p^2. The row-weighted mean of the m_p is exactly the m of one step on the global batch,
 * whose gradient is the weighted mean g = sum_p r_p g_p / B; the mean of the v_p is not: it holds the mean of the
 * g_p^2, which exceeds g^2 by the variance of the partitions' gradients (with P partitions of B / P rows, up to
 * P times g^2 where noise dominates), so every later step would be shorter than one JVM's on batch B.
 * This puts back the v of the global batch, recovering g from the averaged first moment:
 * g = (m - b1 m0) / (1 - b1), v = b2 v0 + (1 - b2) g^2, element by element, in double.
 * The next round's partitions then start from the exact v, and theirs differ from one step on the global batch only
 * by (1 - b2) (g_p^2 - g^2): 0.1% of v at b2 = 0.999.
 * <p>
 * DL4J keeps each updater block's Adam state as [m | v] in the block's range of the network's updater state view
 * (AdamUpdater's state view array: m is the first half, v the second); blocks with another updater are left as
 * they are (sgd has no state).
 */
final class AdamSecondMoment {
    private AdamSecondMoment() {
    }

    /**
     * Sets v of every Adam block of {@code net} from its averaged m and the state before the step.
     *
     * @param net    the network holding the averaged state (parameters, m, v)
     * @param before its updater state view before the round, flat [m0 | v0] per block, as the snapshot holds it
     */
    static void fromMeanGradient(MultiLayerNetwork net, float[] before) {
        INDArray view = net.getUpdater().getStateViewArray();
        if (view == null || view.length() == 0) {
            return;
        }
        if (view.length() != before.length) {
            throw new IllegalArgumentException("updater state of " + view.length() + " values, the state before the "
                    + "round " + before.length);
        }
        INDArray flat = view.reshape(view.length());
        INDArray previous = Nd4j.createFromArray(before).castTo(DataType.DOUBLE);
        for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) net.getUpdater()).getUpdaterBlocks()) {
            if (!(block.getGradientUpdater() instanceof AdamUpdater adam)) {
                continue;
            }
            Adam settings = adam.getConfig();
            double b1 = settings.getBeta1();
            double b2 = settings.getBeta2();
            int start = block.getUpdaterViewOffsetStart();
            int half = (block.getUpdaterViewOffsetEnd() - start) / 2;
            INDArray m = flat.get(NDArrayIndex.interval(start, start + half)).castTo(DataType.DOUBLE);
            INDArray m0 = previous.get(NDArrayIndex.interval(start, start + half));
            INDArray v0 = previous.get(NDArrayIndex.interval(start + half, start + 2 * half));
            // g = (m - b1 m0) / (1 - b1);  v = b2 v0 + (1 - b2) g^2
            INDArray g = m.sub(m0.mul(b1)).divi(1 - b1);
            INDArray v = v0.mul(b2).addi(g.muli(g).muli(1 - b2));
            flat.get(NDArrayIndex.interval(start + half, start + 2 * half)).assign(v.castTo(view.dataType()));
        }
    }
}
