package io.sparkgan.cli;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only a driver in YARN's ApplicationMaster returns from main on success (YarnClusterModeTest runs one for real). */
class MainExitTest {
    private static Properties of(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void aYarnClusterModeDriverIsRecognisedByTheApplicationIdAndTheDeployMode() {
        assertTrue(MainExit.inYarnClusterDriver(of("spark.yarn.app.id", "application_1_0001",
                "spark.submit.deployMode", "cluster", "spark.master", "yarn")));
    }

    @Test
    void clientModeAndOtherMastersExit() {
        assertFalse(MainExit.inYarnClusterDriver(of()));
        assertFalse(MainExit.inYarnClusterDriver(of("spark.submit.deployMode", "cluster", "spark.master", "spark://h:7077")));
        assertFalse(MainExit.inYarnClusterDriver(of("spark.yarn.app.id", "application_1_0001",
                "spark.submit.deployMode", "client")));
    }
}
