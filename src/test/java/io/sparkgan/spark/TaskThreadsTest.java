package io.sparkgan.spark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Native threads per task: the cores of an embedded local[N] master shared among its N tasks. */
class TaskThreadsTest {

    @Test
    void anEmbeddedMastersCoresAreSharedAmongItsConcurrentTasks() {
        assertThat(TaskThreads.perTask(0, "local[2]", 2)).isEqualTo(1);
        assertThat(TaskThreads.perTask(0, "local[*]", 16)).isEqualTo(1);
        assertThat(TaskThreads.perTask(0, "local[4]", 16)).isEqualTo(4);
        assertThat(TaskThreads.perTask(0, "local[2,4]", 8)).isEqualTo(4);
        assertThat(TaskThreads.perTask(0, "local[1]", 2)).as("one task: ND4J's default").isZero();
        assertThat(TaskThreads.perTask(0, "local", 2)).isZero();
        assertThat(TaskThreads.perTask(0, "local[8]", 2)).as("more tasks than cores").isEqualTo(1);
    }

    @Test
    void aClusterKeepsTheExecutorsSettingAndAConfiguredCountWins() {
        assertThat(TaskThreads.perTask(0, "spark://10.0.0.1:7077", 8)).isZero();
        assertThat(TaskThreads.perTask(0, "yarn", 8)).isZero();
        assertThat(TaskThreads.perTask(3, "local[2]", 2)).isEqualTo(3);
        assertThat(TaskThreads.perTask(3, "yarn", 8)).isEqualTo(3);
    }
}
