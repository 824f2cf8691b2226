package dev.vigil.topics;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The cluster answered but refused a request about one or more topics, e.g. a replication factor
 * larger than the number of brokers, an invalid config value, or missing ACLs. Changes to other
 * topics went ahead; {@link #applied()} lists them.
 */
public final class BrokerRejectedException extends TopicProvisioningException {
    private static final long serialVersionUID = 1L;

    /**
     * One refused request.
     *
     * @param topic the full topic name
     * @param action what was asked, e.g. {@code create} or {@code alter configs}
     * @param reason the broker's answer: its error type and message
     */
    public record Rejection(String topic, String action, String reason) {
        public String render() {
            return "%s %s: %s".formatted(action, topic, reason);
        }
    }

    private final transient List<Rejection> rejections;
    private final transient List<TopicChange> applied;

    BrokerRejectedException(
            String bootstrapServers, List<Rejection> rejections, List<TopicChange> applied) {
        super(
                "Kafka at "
                        + bootstrapServers
                        + " rejected:\n"
                        + rejections.stream()
                                .map(rejection -> "  " + rejection.render())
                                .collect(Collectors.joining("\n"))
                        + appliedNote(applied));
        this.rejections = List.copyOf(rejections);
        this.applied = List.copyOf(applied);
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    /** The changes that succeeded before or beside the rejected ones. */
    public List<TopicChange> applied() {
        return applied;
    }

    private static String appliedNote(List<TopicChange> applied) {
        return applied.isEmpty()
                ? ""
                : "\nApplied nonetheless:\n"
                        + applied.stream()
                                .map(change -> "  " + change.render())
                                .collect(Collectors.joining("\n"));
    }
}
