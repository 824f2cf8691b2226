package dev.vigil.job.ingest;

import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.schemas.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Frames go on; dead letters of unreadable records go to {@link #UNDECODABLE}, counted by reason in
 * the metric {@code reason.<code>.undecodable}.
 */
public final class SplitUndecodable extends ProcessFunction<Ingested, SourcedFrame> {
    public static final OutputTag<DeadLetter> UNDECODABLE =
            new OutputTag<>("undecodable", new AvroTypeInfo<>(DeadLetter.class));

    private transient Map<String, Counter> byReason;

    @Override
    public void open(OpenContext context) {
        byReason = new HashMap<>();
    }

    @Override
    public void processElement(Ingested in, Context context, Collector<SourcedFrame> out) {
        if (in.frame() != null) {
            out.collect(in.frame());
        } else {
            byReason.computeIfAbsent(
                            in.deadLetter().getReasonCode(),
                            code ->
                                    getRuntimeContext()
                                            .getMetricGroup()
                                            .addGroup("reason", code)
                                            .counter("undecodable"))
                    .inc();
            context.output(UNDECODABLE, in.deadLetter());
        }
    }
}
