package dev.vigil.job.ingest;

import dev.vigil.job.inference.FailedFrame;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Frame;
import dev.vigil.schemas.serde.ConfluentAvroCodec;
import dev.vigil.schemas.serde.SerdeSettings;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** Turns a frame the inference stage gave up on into its dead letter. */
public final class ToDeadLetter extends RichMapFunction<FailedFrame, DeadLetter> {
    private final SerdeSettings serde;
    private transient ConfluentAvroCodec<Frame> codec;

    public ToDeadLetter(SerdeSettings serde) {
        this.serde = serde;
    }

    @Override
    public void open(OpenContext context) {
        codec = ConfluentAvroCodec.create(Frame.class, serde);
    }

    @Override
    public DeadLetter map(FailedFrame failed) {
        byte[] payload = codec.encode(failed.frame().topic(), failed.frame().frame());
        return DeadLetters.failed(failed, payload);
    }
}
