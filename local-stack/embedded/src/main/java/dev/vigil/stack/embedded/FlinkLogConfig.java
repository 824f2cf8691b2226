package dev.vigil.stack.embedded;

/** The Log4j configuration every Flink process of the stack starts from, its CLI included. */
final class FlinkLogConfig {
    /** INFO and above into the file the launcher names in the {@code log.file} property. */
    static final String FILE =
            String.join(
                    "\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = file",
                    "appender.file.type = File",
                    "appender.file.name = file",
                    "appender.file.fileName = ${sys:log.file}",
                    "appender.file.layout.type = PatternLayout",
                    "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                    "");

    private FlinkLogConfig() {}
}
