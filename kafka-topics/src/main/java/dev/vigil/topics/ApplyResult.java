package dev.vigil.topics;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link TopicProvisioner#apply()} changed.
 *
 * @param applied the changes made, in the order made; empty when the cluster already matched
 */
public record ApplyResult(List<TopicChange> applied) {

    public ApplyResult {
        applied = List.copyOf(applied);
    }

    public boolean changedNothing() {
        return applied.isEmpty();
    }

    /** One line per change made, or one line saying that nothing needed changing. */
    public String render() {
        if (changedNothing()) {
            return "No changes: the cluster already matched the catalogue.";
        }
        return applied.stream().map(TopicChange::render).collect(Collectors.joining("\n"));
    }
}
