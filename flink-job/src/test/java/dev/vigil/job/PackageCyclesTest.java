package dev.vigil.job;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The job's packages depend on each other one way: {@code dev.vigil.job} (options, graph,
 * deployment) uses {@code ingest}, {@code inference}, {@code sources} and {@code alert}; {@code
 * alert} uses {@code sources} (the configs' broadcast state); {@code sources} uses {@code ingest}'s
 * dead letters and {@code inference}'s records; {@code ingest} uses {@code inference}'s records;
 * {@code inference} uses no other package of the job.
 */
class PackageCyclesTest {
    private static final String ROOT = "dev.vigil.job";

    /** Each package of the job is a slice, its root package included (a "..*" pattern skips it). */
    private static final SliceAssignment PACKAGES =
            new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass type) {
                    String name = type.getPackageName();
                    return name.equals(ROOT) || name.startsWith(ROOT + ".")
                            ? SliceIdentifier.of(name)
                            : SliceIdentifier.ignore();
                }

                @Override
                public String getDescription() {
                    return "packages of " + ROOT;
                }
            };

    @Test
    void thePackagesOfTheJobAreFreeOfCycles() {
        JavaClasses production =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ROOT);

        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(production);
    }
}
