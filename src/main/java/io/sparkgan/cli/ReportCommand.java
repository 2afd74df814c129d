package io.sparkgan.cli;

import io.sparkgan.report.RunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.UncheckedIOException;
import io.sparkgan.platform.Location;
import java.util.concurrent.Callable;

/** {@code jobs/report.sh RUN_DIR}: rewrites RUN_DIR/report.html from the run's files ({@link RunReport}). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html of a run directory (finished or still training) from its files.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "run directory, e.g. runs/ring8-20250101-120000",
            converter = LocationConverter.class)
    Location runDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            long start = System.nanoTime();
            Location report = RunReport.write(runDir);
            spec.commandLine().getOut().printf("wrote %s in %d ms%n", report,
                    (System.nanoTime() - start) / 1_000_000);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReportCommand()).execute(args));
    }
}
