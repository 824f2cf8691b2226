package dev.vigil.stack.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink's own command line ({@code flink list}, {@code flink run -d -s ...}, {@code flink stop}),
 * its {@code CliFrontend} run from the session cluster's jars as Flink's {@code bin/flink} script
 * runs it: with the JDK packages opened that Flink's code reaches into (without them it fails on
 * Java 17 with {@code InaccessibleObjectException}), a configuration naming the cluster's REST
 * address, and its log in a file rather than on the terminal. The embedded stack has no Flink
 * distribution, so no {@code bin/flink}: this stands in for it.
 */
public final class FlinkCli {
    private static final String MAIN = "org.apache.flink.client.cli.CliFrontend";
    private static final String CLASSPATH_RECORD = "dev/vigil/stack/flink-cluster.classpath";
    private static final String MODULE = "local-stack/flink-cluster";

    /** The CLI logs at INFO into its log file; only what it prints itself reaches the terminal. */
    private static final String LOG_CONFIG = FlinkLogConfig.FILE;

    private FlinkCli() {}

    /**
     * Runs {@code flink args...} against the cluster at {@code restUrl}, copying what it prints to
     * {@code out}, and returns its exit code. {@code workDir} receives its configuration and log
     * ({@code flink-cli.log}).
     */
    public static int run(String restUrl, List<String> args, Path workDir, OutputStream out) {
        URI rest = URI.create(restUrl);
        Path conf = workDir.resolve("flink-cli-conf");
        Path log = workDir.resolve("flink-cli.log");
        try {
            Files.createDirectories(conf);
            Files.writeString(
                    conf.resolve("config.yaml"),
                    "# Written by Vigil's FlinkCli: the cluster Flink's CLI talks to.\n"
                            + "rest.address: "
                            + rest.getHost()
                            + "\nrest.port: "
                            + rest.getPort()
                            + "\n");
            Files.writeString(conf.resolve("log4j-cli.properties"), LOG_CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write Flink's CLI configuration " + conf, e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(EmbeddedFlink.JAVA_17_OPENS);
        command.add("-Dlog.file=" + log);
        command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j-cli.properties").toUri());
        command.add("-cp");
        command.add(BuildRecords.read(CLASSPATH_RECORD, MODULE));
        command.add(MAIN);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FLINK_CONF_DIR", conf.toString());
        try {
            Process process = builder.start();
            try (InputStream printed = process.getInputStream()) {
                printed.transferTo(out);
            }
            out.flush();
            return process.waitFor();
        } catch (IOException e) {
            throw new EmbeddedStackException("Could not run Flink's CLI: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedStackException("Interrupted while Flink's CLI ran", e);
        }
    }
}
