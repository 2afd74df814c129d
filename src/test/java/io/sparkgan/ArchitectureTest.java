package io.sparkgan;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The product's packages form layers, and every import points down: a package uses only the packages listed
 * before it (and JDK and library classes). Checked on the compiled main classes, so a cycle or an upward import
 * added by hand fails here. The tools (src/tools/java: bench, lab) sit above the product in their own source set,
 * compiled with the tests, so the product cannot import them at all.
 */
@AnalyzeClasses(packages = "io.sparkgan", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** From the bottom up. */
    static final List<String> LAYERS = List.of(
            "config",      // HOCON loading, validation, the config records
            "platform",    // Hadoop file systems (Location), the Spark context and master, native threads, ND4J flags
            "data",        // the sets in memory: images, points, minibatches, mixtures, class lists
            "source",      // every reader and decoder (IDX, image folders, Parquet) on Hadoop paths, for both engines
            "model",       // network factories and layers
            "loss",        // losses, Lipschitz control, gradient penalties
            "augment",     // differentiable augmentation of D's inputs and ADA's controller
            "io",          // the run directory and its file names, model files, pictures
            "train",       // the step: GAN state, gradients, optimizers, schedules
            "checkpoint",  // the state on disk, resume
            "eval",        // reference classifier, FD, precision/recall, mixture metrics
            "report",      // report.html
            "run",         // the run as a whole: the epoch loop, logs, summary, the single-JVM engine, run directories
            "spark",       // the distributed engine: partitions, rounds, averaging
            "ml",          // the Spark ML API
            "cli");        // the product's commands; the tools (bench, lab) are a source set of their own above it

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.sparkgan.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule everyImportPointsDown = classes().that().resideInAPackage("io.sparkgan..")
            .should(new ArchCondition<JavaClass>("depend only on their own or lower layers " + LAYERS) {
                @Override
                public void check(JavaClass from, ConditionEvents events) {
                    int own = layer(from);
                    for (Dependency d : from.getDirectDependenciesFromSelf()) {
                        JavaClass to = d.getTargetClass();
                        if (!to.getPackageName().startsWith("io.sparkgan.")) {
                            continue;
                        }
                        if (layer(to) > own) {
                            events.add(SimpleConditionEvent.violated(d, d.getDescription() + " points up: "
                                    + LAYERS.get(own) + " -> " + LAYERS.get(layer(to))));
                        }
                    }
                }
            });

    /** The layer of a class: the first package name below io.sparkgan. */
    static int layer(JavaClass c) {
        String top = c.getPackageName().substring("io.sparkgan.".length()).split("\\.")[0];
        int i = LAYERS.indexOf(top);
        if (i < 0) {
            throw new AssertionError("package io.sparkgan." + top + " is in no layer of " + LAYERS
                    + ": add it to ArchitectureTest.LAYERS");
        }
        return i;
    }
}
