package dev.vigil.perf;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * wasm-operator's API boundary, as the rest of the project sees it: no class of another module is
 * in a {@code dev.vigil.wasm} package (a split package reaches package-private code), and nothing
 * outside wasm-operator uses {@code dev.vigil.wasm.internal}. Checked on the compiled classes of
 * every module (this module's class path holds them all, the CLI's through a test dependency) and
 * on the test sources of every module, which no class path here holds.
 */
class ModuleBoundaryTest {
    private static final String WASM = "dev.vigil.wasm";
    private static final String INTERNAL = "dev.vigil.wasm.internal";
    private static final Pattern WASM_PACKAGE =
            Pattern.compile("^package\\s+dev\\.vigil\\.wasm(\\.[\\w.]+)?\\s*;", Pattern.MULTILINE);

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().importPackages("dev.vigil");
    }

    /** Where a class was loaded from: wasm-operator's jar or classes folder, or elsewhere. */
    private static final DescribedPredicate<JavaClass> IN_WASM_OPERATOR =
            DescribedPredicate.describe(
                    "in wasm-operator",
                    c ->
                            c.getSource()
                                    .map(s -> s.getUri().toString())
                                    .map(
                                            uri ->
                                                    uri.contains("/wasm-operator/target/")
                                                            || uri.contains(
                                                                    "/vigil-wasm-operator-"))
                                    .orElse(false));

    @Test
    void seesTheClassesOfEveryModule() {
        // Guards against a vacuous check: each module must be on the class path being checked.
        assertThat(
                        List.of(
                                "dev.vigil.wasm.GuestPool",
                                "dev.vigil.job.VigilJob",
                                "dev.vigil.cli.Vigil",
                                "dev.vigil.perf.wasm.WasmGuestBenchmark",
                                "dev.vigil.perf.ModuleBoundaryTest"))
                .allSatisfy(name -> assertThat(classes.contain(name)).as(name).isTrue());
        assertThat(classes.get("dev.vigil.wasm.GuestPool")).matches(IN_WASM_OPERATOR::test);
        assertThat(classes.get("dev.vigil.job.VigilJob")).matches(c -> !IN_WASM_OPERATOR.test(c));
    }

    @Test
    void noOtherModuleHasClassesInWasmPackages() {
        classes()
                .that()
                .resideInAPackage(WASM + "..")
                .should(comeFrom(IN_WASM_OPERATOR))
                .because(
                        "a class in a dev.vigil.wasm package outside wasm-operator is a split"
                                + " package; use the public API or the public kernels")
                .check(classes);
    }

    @Test
    void nothingOutsideWasmOperatorUsesItsInternals() {
        noClasses()
                .that(DescribedPredicate.not(IN_WASM_OPERATOR))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(INTERNAL + "..")
                .because("dev.vigil.wasm.internal is wasm-operator's, not an API")
                .check(classes);
    }

    @Test
    void noTestSourceOutsideWasmOperatorIsInWasmPackagesOrUsesItsInternals() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("wasm-operator/pom.xml")).as("repository root").exists();
        List<String> offending;
        try (Stream<Path> files = Files.walk(root)) {
            offending =
                    files.filter(f -> f.toString().endsWith(".java"))
                            .filter(f -> !f.startsWith(root.resolve("wasm-operator")))
                            .filter(f -> f.toString().contains("/src/"))
                            .filter(ModuleBoundaryTest::crossesTheBoundary)
                            .map(f -> root.relativize(f).toString())
                            .sorted()
                            .toList();
        }
        assertThat(offending)
                .as("sources in dev.vigil.wasm* or using its internal package")
                .isEmpty();
    }

    private static boolean crossesTheBoundary(Path source) {
        try {
            String text = Files.readString(source);
            return WASM_PACKAGE.matcher(text).find() || text.contains(INTERNAL + ".");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + source, e);
        }
    }

    private static ArchCondition<JavaClass> comeFrom(DescribedPredicate<JavaClass> place) {
        return new ArchCondition<>("come from wasm-operator") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                if (!place.test(item)) {
                    String from = item.getSource().map(s -> s.getUri().toString()).orElse("?");
                    events.add(
                            SimpleConditionEvent.violated(
                                    item, item.getName() + " comes from " + from));
                }
            }
        };
    }
}
