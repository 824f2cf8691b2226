package dev.vigil.topics;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The cluster differs from the catalogue in ways the provisioner will not change (shrinking
 * partitions, changing the replication factor). Thrown by {@link TopicProvisioner#apply()} after it
 * made every safe change, which {@link #applied()} lists.
 */
public final class UnsafeChangesRefusedException extends TopicProvisioningException {
    private static final long serialVersionUID = 1L;

    private final transient List<RefusedChange> refused;
    private final transient List<TopicChange> applied;

    UnsafeChangesRefusedException(List<RefusedChange> refused, List<TopicChange> applied) {
        super(
                "Refused "
                        + refused.size()
                        + " unsafe change(s); resolve them by hand or change the catalogue:\n"
                        + refused.stream()
                                .map(change -> "  " + change.render())
                                .collect(Collectors.joining("\n"))
                        + (applied.isEmpty()
                                ? "\nNothing else needed changing."
                                : "\nApplied the safe changes:\n"
                                        + applied.stream()
                                                .map(change -> "  " + change.render())
                                                .collect(Collectors.joining("\n"))));
        this.refused = List.copyOf(refused);
        this.applied = List.copyOf(applied);
    }

    public List<RefusedChange> refused() {
        return refused;
    }

    public List<TopicChange> applied() {
        return applied;
    }
}
