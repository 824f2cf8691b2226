package dev.vigil.job.sensors;

import dev.vigil.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One record read from the sensor readings topic: a valid reading, or the dead letter of a record
 * that is not one. Both travel keyed to the window stage, which passes dead letters on.
 */
public record IngestedReading(SourcedReading reading, DeadLetter deadLetter) {
    public static IngestedReading of(SourcedReading reading) {
        return new IngestedReading(reading, null);
    }

    public static IngestedReading of(DeadLetter deadLetter) {
        return new IngestedReading(null, deadLetter);
    }

    /**
     * The key of the window stage: the source id, or for a dead letter its record's key as written
     * (it touches no state, and the dead letters of one key stay together).
     */
    public String key() {
        if (reading != null) {
            return reading.reading().getSourceId();
        }
        ByteBuffer key = deadLetter.getKey();
        return key == null ? "" : StandardCharsets.UTF_8.decode(key.duplicate()).toString();
    }
}
