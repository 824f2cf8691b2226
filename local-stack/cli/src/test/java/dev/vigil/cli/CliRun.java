package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the {@code vigil} command line in this JVM as a user would, capturing what it prints. */
final class CliRun {
    private CliRun() {}

    /** Runs {@code vigil args...}, expects exit code 0, and returns standard output. */
    static String succeed(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter errors = new StringWriter();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = Vigil.commandLine().setErr(new PrintWriter(errors, true)).execute(args);
            String output = captured.toString(StandardCharsets.UTF_8);
            assertThat(exit).as("%s%n%s", output, errors).isZero();
            return output;
        } finally {
            System.setOut(stdout);
        }
    }

    /** Runs {@code vigil args...}, expects exit code 1, and returns what it printed to stderr. */
    static String fail(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter errors = new StringWriter();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = Vigil.commandLine().setErr(new PrintWriter(errors, true)).execute(args);
            assertThat(exit).as("%s%n%s", captured, errors).isEqualTo(1);
            return errors.toString();
        } finally {
            System.setOut(stdout);
        }
    }
}
