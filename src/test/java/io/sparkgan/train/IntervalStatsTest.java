package io.sparkgan.train;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

import static org.assertj.core.api.Assertions.assertThat;

/** The figures of a round: kept unread on the backend, read once, in order, and shipped as plain sums. */
class IntervalStatsTest {

    private static DeviceStepFigures figures(double dLoss, double gLoss) {
        return DeviceStepFigures.ofHost(dLoss, gLoss, 0.5, 0.25);
    }

    @Test
    void unreadFiguresCountAndAverageWhenRead() {
        IntervalStats stats = new IntervalStats();
        stats.add(0, figures(1, 3));
        stats.add(1, figures(2, 5));
        assertThat(stats.count()).isEqualTo(2);
        StepFigures mean = stats.mean();
        assertThat(mean.discriminatorLoss()).isEqualTo(1.5);
        assertThat(mean.generatorLoss()).isEqualTo(4.0);
        assertThat(mean.meanFakeOutput()).isEqualTo(0.25);
        assertThat(mean.jsdEstimate()).isNaN();
        assertThat(stats.firstNonFinite()).isNull();
    }

    private static DeviceStepFigures penalised(int dropped) {
        return new DeviceStepFigures(org.nd4j.linalg.factory.Nd4j.scalar(1.0), org.nd4j.linalg.factory.Nd4j.scalar(1.0),
                org.nd4j.linalg.factory.Nd4j.scalar(0.5), org.nd4j.linalg.factory.Nd4j.scalar(0.5), null, dropped);
    }

    /**
     * Samples left out of a gradient penalty are a count of the global batch: summed over the iterations and over
     * the partitions (each of which computes on its share of the rows), not averaged like the losses.
     */
    @Test
    void penaltyDroppedSamplesAreSummedOverIterationsAndPartitions() {
        IntervalStats partition0 = new IntervalStats();
        partition0.add(0, penalised(2));
        partition0.add(1, penalised(0));
        IntervalStats partition1 = new IntervalStats();
        partition1.add(0, penalised(1));
        partition0.addAll(partition1);
        assertThat(partition0.mean().penaltyDropped()).isEqualTo(3);
        assertThat(partition0.mean().discriminatorLoss()).isEqualTo(1.0);
        assertThat(stats(figures(1, 1)).mean().penaltyDropped()).isZero();
    }

    private static IntervalStats stats(DeviceStepFigures figures) {
        IntervalStats s = new IntervalStats();
        s.add(0, figures);
        return s;
    }

    @Test
    void theFirstNonFiniteLossIsNamedByItsIteration() {
        IntervalStats stats = new IntervalStats();
        stats.add(7, figures(1, 1));
        stats.add(8, figures(1, Double.POSITIVE_INFINITY));
        stats.add(9, figures(Double.NaN, 1));
        assertThat(stats.firstNonFinite()).isEqualTo("generator loss is Infinity at iteration 8 of the epoch");
    }

    @Test
    void mergingReadsBothSidesAndKeepsTheFirstDivergence() {
        IntervalStats a = new IntervalStats();
        a.add(0, figures(1, 1));
        IntervalStats b = new IntervalStats();
        b.add(0, figures(Double.NaN, 1));
        a.addAll(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.firstNonFinite()).isEqualTo("discriminator loss is NaN at iteration 0 of the epoch");
    }

    @Test
    void sparksKryoShipsTheReadSums() {
        IntervalStats stats = new IntervalStats();
        stats.add(0, figures(1, 2));
        stats.add(1, figures(3, 4));
        stats.add(2, penalised(5));
        stats.read();                                   // what RoundTask does before it returns
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        IntervalStats back = kryo.deserialize(kryo.serialize(stats, ClassTag$.MODULE$.apply(IntervalStats.class)),
                ClassTag$.MODULE$.apply(IntervalStats.class));
        assertThat(back.count()).isEqualTo(3);
        assertThat(back.mean().discriminatorLoss()).isEqualTo(5.0 / 3);
        assertThat(back.mean().generatorLoss()).isEqualTo(7.0 / 3);
        assertThat(back.mean().penaltyDropped()).isEqualTo(5);
    }
}
