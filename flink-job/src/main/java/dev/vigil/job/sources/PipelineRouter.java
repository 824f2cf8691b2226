package dev.vigil.job.sources;

import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.schemas.SourceConfig;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends each frame to the pipeline its source's config names: the default one on the main output, a
 * named one on its {@link #tag}. It reads the same broadcast state as the alert stage, so a source
 * switches at the first frame routed after its new config arrived, and every frame goes to exactly
 * one pipeline. A config naming a pipeline the job does not have never gets here: the config check
 * refuses it.
 */
public final class PipelineRouter
        extends BroadcastProcessFunction<SourcedFrame, SourceUpdate, SourcedFrame> {
    private final Map<String, OutputTag<SourcedFrame>> tags;

    public PipelineRouter(Set<String> pipelines, TypeInformation<SourcedFrame> type) {
        this.tags =
                pipelines.stream()
                        .collect(
                                java.util.stream.Collectors.toUnmodifiableMap(
                                        name -> name, name -> tag(name, type)));
    }

    /** The side output of pipeline {@code name}. */
    public static OutputTag<SourcedFrame> tag(String name, TypeInformation<SourcedFrame> type) {
        return new OutputTag<>("pipeline-" + name, type);
    }

    @Override
    public void processElement(
            SourcedFrame frame, ReadOnlyContext context, Collector<SourcedFrame> out)
            throws Exception {
        SourceConfig config =
                SourceConfigs.of(
                        frame.frame().getSourceId(),
                        context.getBroadcastState(SourceConfigs.DESCRIPTOR));
        OutputTag<SourcedFrame> tag =
                config == null || config.getPipeline() == null
                        ? null
                        : tags.get(config.getPipeline());
        if (tag == null) {
            out.collect(frame);
        } else {
            context.output(tag, frame);
        }
    }

    @Override
    public void processBroadcastElement(
            SourceUpdate update, Context context, Collector<SourcedFrame> out) throws Exception {
        SourceConfigs.apply(update, context.getBroadcastState(SourceConfigs.DESCRIPTOR));
    }
}
