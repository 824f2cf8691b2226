package dev.vigil.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The one message worth showing of a Java failure that Flink's REST API returns as stack-trace
 * text: the job's own refusal (a {@code DeploymentException}) wherever it is in the causes, else
 * the message of the deepest cause, which is where Flink's wrappers point.
 */
final class FailureText {
    /** The job's exception for a configuration that cannot run (flink-job's class). */
    static final String DEPLOYMENT = "dev.vigil.job.inference.DeploymentException: ";

    private static final String CAUSED_BY = "Caused by: ";

    private FailureText() {}

    static String cause(String trace) {
        List<String> lines = trace.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int at = lines.get(i).indexOf(DEPLOYMENT);
            if (at >= 0) {
                return message(lines, i, at + DEPLOYMENT.length());
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(CAUSED_BY)) {
                return message(lines, i, CAUSED_BY.length());
            }
        }
        return lines.isEmpty() ? "" : message(lines, 0, 0);
    }

    /** Line {@code first} from {@code column} on, and its continuation lines up to the frames. */
    private static String message(List<String> lines, int first, int column) {
        List<String> text = new ArrayList<>();
        text.add(lines.get(first).substring(column).strip());
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.startsWith("at ")
                    || trimmed.startsWith("... ")
                    || line.startsWith(CAUSED_BY)
                    || trimmed.startsWith("Suppressed: ")) {
                break;
            }
            text.add(trimmed);
        }
        return String.join(" ", text).strip();
    }
}
