package dev.vigil.topics;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The difference between the catalogue and a cluster.
 *
 * @param changes what {@link TopicProvisioner#apply()} will do, creates first, then config changes,
 *     then partition growth
 * @param refused what it will not do
 * @param inSync the topics that already match the catalogue
 */
public record TopicPlan(
        List<TopicChange> changes, List<RefusedChange> refused, List<String> inSync) {

    public TopicPlan {
        changes = List.copyOf(changes);
        refused = List.copyOf(refused);
        inSync = List.copyOf(inSync);
    }

    /** True when the cluster matches the catalogue: nothing to change, nothing refused. */
    public boolean isEmpty() {
        return changes.isEmpty() && refused.isEmpty();
    }

    /** One line per change and per refusal, or one line saying that all is in sync. */
    public String render() {
        if (isEmpty()) {
            return "No changes: all %d topics match the catalogue.".formatted(inSync.size());
        }
        return Stream.concat(
                        changes.stream().map(TopicChange::render),
                        refused.stream().map(RefusedChange::render))
                .collect(Collectors.joining("\n"));
    }
}
