package dev.vigil.job.sources;

import dev.vigil.schemas.DeadLetter;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Updates go on to the broadcast; refused config records go to {@link #REFUSED}. */
public final class SplitRefused extends ProcessFunction<SourceUpdate, SourceUpdate> {
    public static final OutputTag<DeadLetter> REFUSED =
            new OutputTag<>("refused-source-configs", new AvroTypeInfo<>(DeadLetter.class));

    @Override
    public void processElement(SourceUpdate in, Context context, Collector<SourceUpdate> out) {
        if (in.refused != null) {
            context.output(REFUSED, in.refused);
        } else {
            out.collect(in);
        }
    }
}
