package io.sparkgan.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GPU of a task: the code paths that read Spark's task resources and bind ND4J's device, with resource maps as
 * Spark builds them (no GPU here: CI never has one), and the discovery script against a stand-in nvidia-smi.
 */
class TaskGpuTest {
    @Test
    void theTasksFirstGpuAddressIsItsDevice() {
        Map<String, ResourceInformation> resources = Map.of("gpu", new ResourceInformation("gpu", new String[]{"3", "1"}));
        assertThat(TaskGpu.assigned(resources)).isEqualTo(OptionalInt.of(3));
    }

    @Test
    void aTaskWithoutAGpuKeepsItsDevice() {
        assertThat(TaskGpu.assigned(Map.of())).isEmpty();
        assertThat(TaskGpu.assigned(Map.of("fpga", new ResourceInformation("fpga", new String[]{"0"})))).isEmpty();
        assertThat(TaskGpu.bind(null)).isEmpty();   // outside a Spark task
    }

    @Test
    void anAddressThatIsNoDeviceIndexIsNamed() {
        Map<String, ResourceInformation> resources = Map.of("gpu", new ResourceInformation("gpu", new String[]{"GPU-a1b2"}));
        assertThatThrownBy(() -> TaskGpu.assigned(resources)).hasMessageContaining("'GPU-a1b2' is not a device index")
                .hasMessageContaining("spark.executor.resource.gpu.discoveryScript");
    }

    @Test
    void theDiscoveryScriptReportsNvidiaSmisIndicesAsSparkExpects(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("nvidia-smi");
        Files.writeString(fake, "#!/bin/sh\nprintf '0\\n1\\n'\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        ProcessBuilder pb = new ProcessBuilder("bash", "conf/spark/gpu-discovery.sh");
        pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        JsonNode json = new ObjectMapper().readTree(out);
        assertThat(json.get("name").asText()).isEqualTo("gpu");
        assertThat(json.get("addresses").toString()).isEqualTo("[\"0\",\"1\"]");
    }

    @Test
    void theGpuPropertiesNameNoCpuBackendOption() throws IOException {
        String gpu = Files.readString(Path.of("conf/spark/gpu.properties"));
        assertThat(gpu).doesNotContain("nativecpu").doesNotContain("OMP_NUM_THREADS")
                .contains("spark.executor.resource.gpu.discoveryScript=conf/spark/gpu-discovery.sh");
    }
}
