package dev.vigil.topics;

/** The cluster did not answer within the admin timeout, or its address does not resolve. */
public final class ClusterUnreachableException extends TopicProvisioningException {
    private static final long serialVersionUID = 1L;

    private static final String WHAT_TO_CHECK =
            " Check that a broker runs there and listens on that port, that the address is"
                    + " reachable from here and is what the broker advertises, and that"
                    + " security.protocol and sasl.* match its listener.";

    private final String bootstrapServers;

    private ClusterUnreachableException(String bootstrapServers, String message, Throwable cause) {
        super(message, cause);
        this.bootstrapServers = bootstrapServers;
    }

    static ClusterUnreachableException timedOut(
            TopicSettings settings, String operation, Throwable cause) {
        String message =
                "Kafka at %s did not answer '%s' within %d ms (default.api.timeout.ms;"
                        + " request.timeout.ms %d ms): %s.%s Raise apiTimeout in TopicSettings"
                        + " only if the cluster is merely slow.";
        return new ClusterUnreachableException(
                settings.bootstrapServers(),
                message.formatted(
                        settings.bootstrapServers(),
                        operation,
                        settings.apiTimeout().toMillis(),
                        settings.requestTimeout().toMillis(),
                        cause.getMessage(),
                        WHAT_TO_CHECK),
                cause);
    }

    static ClusterUnreachableException unresolvable(TopicSettings settings, Throwable cause) {
        return new ClusterUnreachableException(
                settings.bootstrapServers(),
                "None of the Kafka bootstrap servers %s resolves to an address (%s)."
                                .formatted(settings.bootstrapServers(), cause.getMessage())
                        + WHAT_TO_CHECK,
                cause);
    }

    /** The {@code bootstrap.servers} that were tried. */
    public String bootstrapServers() {
        return bootstrapServers;
    }
}
