package dev.vigil.job.ingest;

import dev.vigil.job.inference.FailedFrame;
import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.FailureStage;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Builds the dead letters of the job's two failure points. */
public final class DeadLetters {
    private DeadLetters() {}

    /** A record of the frames topic that is not a readable frame, with its exact bytes. */
    public static DeadLetter undecodable(
            ConsumerRecord<byte[], byte[]> record, String reasonCode, String message) {
        return unusable(record, FailureStage.DECODE, reasonCode, message);
    }

    /** A record of the frames topic refused at {@code stage}, with its exact bytes. */
    public static DeadLetter unusable(
            ConsumerRecord<byte[], byte[]> record,
            FailureStage stage,
            String reasonCode,
            String message) {
        return DeadLetter.newBuilder()
                .setOriginTopic(record.topic())
                .setOriginPartition(record.partition())
                .setOriginOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setPayload(ByteBuffer.wrap(record.value() == null ? new byte[0] : record.value()))
                .setStage(stage)
                .setReasonCode(reasonCode)
                .setMessage(message)
                .setSourceId(null)
                .setSequence(null)
                .setTime(Instant.now())
                .build();
    }

    /**
     * A frame a later stage gave up on. {@code payload} is the frame encoded again in the Confluent
     * wire format: the same bytes as read when the producer wrote the job's schema version, and
     * replayable to the frames topic either way.
     */
    public static DeadLetter failed(FailedFrame failed, byte[] payload) {
        SourcedFrame frame = failed.frame();
        return DeadLetter.newBuilder()
                .setOriginTopic(frame.topic())
                .setOriginPartition(frame.partition())
                .setOriginOffset(frame.offset())
                .setKey(ByteBuffer.wrap(Keys.of(frame.frame().getSourceId())))
                .setPayload(ByteBuffer.wrap(payload))
                .setStage(failed.failure().stage())
                .setReasonCode(failed.failure().reasonCode())
                .setMessage(failed.failure().message())
                .setSourceId(frame.frame().getSourceId())
                .setSequence(frame.frame().getSequence())
                .setTime(Instant.now())
                .build();
    }
}
