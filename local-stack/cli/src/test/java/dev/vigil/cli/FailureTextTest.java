package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureTextTest {
    @Test
    void findsTheJobsOwnRefusalAmongFlinksWrappers() {
        String trace =
                "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute"
                    + " application.\n"
                    + "\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.x(J.java:1)\n"
                    + "Caused by: org.apache.flink.client.program.ProgramInvocationException: The"
                    + " main method caused an error: Guest g@1 declares no model\n"
                    + "\tat org.apache.flink.client.program.PackagedProgram.y(P.java:2)\n"
                    + "Caused by: dev.vigil.job.inference.DeploymentException: Guest g@1 declares"
                    + " no model,\n"
                    + "so its detections would have no labels.\n"
                    + "\tat dev.vigil.job.DeploymentCheck.verify(DeploymentCheck.java:3)\n"
                    + "\t... 12 more\n";

        assertThat(FailureText.cause(trace))
                .isEqualTo("Guest g@1 declares no model, so its detections would have no labels.");
    }

    @Test
    void otherwiseTakesTheDeepestCause() {
        String trace =
                "org.apache.flink.runtime.JobException: Recovery is suppressed\n"
                        + "\tat a.B.c(B.java:1)\n"
                        + "Caused by: java.lang.IllegalStateException: no slot\n"
                        + "\tat a.B.d(B.java:2)\n";

        assertThat(FailureText.cause(trace)).isEqualTo("java.lang.IllegalStateException: no slot");
        assertThat(FailureText.cause("java.io.IOException: disk full"))
                .isEqualTo("java.io.IOException: disk full");
    }
}
