package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the {@code vigil} command line in this JVM as a user would, capturing what it prints. */
final class CliRun {
    private static final Pattern JOB_ID = Pattern.compile("job ([0-9a-f]{32})");

    private CliRun() {}

    /** The first job id in what a command printed ("submitted job ID ...", "upgraded: job ID"). */
    static String jobId(String output) {
        Matcher matcher = JOB_ID.matcher(output);
        assertThat(matcher.find()).as("a job id in: %s", output).isTrue();
        return matcher.group(1);
    }

    /** What a run printed, and its exit code. */
    record Result(int exit, String out, String err) {}

    /** Runs {@code vigil args...}; {@code err} holds what it printed to standard error too. */
    static Result run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        StringWriter errors = new StringWriter();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            int exit = Vigil.commandLine().setErr(new PrintWriter(errors, true)).execute(args);
            return new Result(
                    exit,
                    captured.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8) + errors);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    /** Runs {@code vigil args...}, expects exit code 0, and returns standard output. */
    static String succeed(String... args) {
        Result result = run(args);
        assertThat(result.exit()).as("%s%n%s", result.out(), result.err()).isZero();
        return result.out();
    }

    /** Runs {@code vigil args...}, expects exit code 1, and returns what it printed to stderr. */
    static String fail(String... args) {
        Result result = run(args);
        assertThat(result.exit()).as("%s%n%s", result.out(), result.err()).isEqualTo(1);
        return result.err();
    }
}
