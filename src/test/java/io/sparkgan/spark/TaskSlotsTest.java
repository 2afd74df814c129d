package io.sparkgan.spark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskSlotsTest {
    @Test
    void anEmbeddedMasterRunsItsNTasksAtOnce() {
        assertThat(TaskSlots.of("local", 1, 8, 8)).isEqualTo(1);
        assertThat(TaskSlots.of("local[3]", 1, 8, 8)).isEqualTo(3);
        assertThat(TaskSlots.of("local[*]", 1, 8, 16)).isEqualTo(16);
        assertThat(TaskSlots.of("local[2, 4]", 1, 8, 8)).isEqualTo(2);
    }

    @Test
    void aClusterRunsItsCoresOverTheCpusOfATask() {
        assertThat(TaskSlots.of("spark://127.0.0.1:7077", 1, 6, 2)).isEqualTo(6);
        assertThat(TaskSlots.of("yarn", 2, 6, 2)).isEqualTo(3);
        assertThat(TaskSlots.of("yarn", 4, 2, 2)).isEqualTo(1);
    }
}
