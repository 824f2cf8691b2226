package dev.vigil.topics;

/**
 * A difference the provisioner will not resolve, because Kafka cannot do it in place or doing it
 * would lose data or reshuffle keys.
 *
 * @param topic the full topic name
 * @param property what differs, e.g. {@code partitions}
 * @param current the cluster's value
 * @param desired the catalogue's value
 * @param reason why it is refused and what a person can do instead
 */
public record RefusedChange(
        String topic, String property, String current, String desired, String reason) {

    /** One line, e.g. {@code ! refuse frames: partitions 12 -> 6 (Kafka cannot shrink ...)}. */
    public String render() {
        return "! refuse %s: %s %s -> %s (%s)".formatted(topic, property, current, desired, reason);
    }
}
