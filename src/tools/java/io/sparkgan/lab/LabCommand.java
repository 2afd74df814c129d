package io.sparkgan.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jobs/lab.sh}: the convergence lab on the Dirac-GAN ({@link ConvergenceLab}). */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Train the Dirac-GAN with every loss, update order and regulariser; print and write the outcomes.")
public final class LabCommand implements Callable<Integer> {
    @Option(names = "--config", description = "the Dirac-GAN experiment (default ${DEFAULT-VALUE})")
    Path config = Path.of("conf/dirac-gan.conf");

    @Option(names = "--epochs", description = "epochs of 100 steps each (default ${DEFAULT-VALUE})")
    int epochs = 10;

    @Option(names = "--work", paramLabel = "DIR", description = "folder of the runs (default ${DEFAULT-VALUE})")
    Path work = Path.of("target/lab");

    @Option(names = "--out", paramLabel = "FILE", description = "JSON result file (default ${DEFAULT-VALUE})")
    Path out = Path.of("lab.json");

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        List<LabOutcome> outcomes = new ConvergenceLab(config, work, epochs).run(System.out);
        System.out.println();
        System.out.print(ConvergenceLab.markdown(outcomes));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), outcomes);
        System.out.println("wrote " + out.toAbsolutePath());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabCommand()).execute(args));
    }
}
