package io.sparkgan.train;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

import static org.assertj.core.api.Assertions.assertThat;

/** The figures of a round: kept unread on the backend, read once, in order, and shipped as plain sums. */
class IntervalStatsTest {

    private static StepFigures figures(double dLoss, double gLoss) {
        return StepFigures.ofHost(dLoss, gLoss, 0.5, 0.25);
    }

    @Test
    void unreadFiguresCountAndAverageWhenRead() {
        IntervalStats stats = new IntervalStats();
        stats.add(0, figures(1, 3));
        stats.add(1, figures(2, 5));
        assertThat(stats.count()).isEqualTo(2);
        StepResult mean = stats.mean();
        assertThat(mean.discriminatorLoss()).isEqualTo(1.5);
        assertThat(mean.generatorLoss()).isEqualTo(4.0);
        assertThat(mean.meanFakeOutput()).isEqualTo(0.25);
        assertThat(mean.jsdEstimate()).isNaN();
        assertThat(stats.firstNonFinite()).isNull();
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
        stats.read();                                   // what RoundTask does before it returns
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        IntervalStats back = kryo.deserialize(kryo.serialize(stats, ClassTag$.MODULE$.apply(IntervalStats.class)),
                ClassTag$.MODULE$.apply(IntervalStats.class));
        assertThat(back.count()).isEqualTo(2);
        assertThat(back.mean().discriminatorLoss()).isEqualTo(2.0);
        assertThat(back.mean().generatorLoss()).isEqualTo(3.0);
    }
}
