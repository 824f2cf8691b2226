package dev.vigil.job.ingest;

import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.schemas.DeadLetter;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Frames go on; dead letters of unreadable records go to {@link #UNDECODABLE}. */
public final class SplitUndecodable extends ProcessFunction<Ingested, SourcedFrame> {
    public static final OutputTag<DeadLetter> UNDECODABLE =
            new OutputTag<>("undecodable", new AvroTypeInfo<>(DeadLetter.class));

    @Override
    public void processElement(Ingested in, Context context, Collector<SourcedFrame> out) {
        if (in.frame() != null) {
            out.collect(in.frame());
        } else {
            context.output(UNDECODABLE, in.deadLetter());
        }
    }
}
