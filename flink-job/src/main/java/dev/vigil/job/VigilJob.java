package dev.vigil.job;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's entry point: {@code flink run vigil-flink-job.jar --vigil.models detector:ppocr-det@4
 * ...} with any {@link JobOptions} as {@code --key value}. Checkpointing is on (every 10 s unless
 * the cluster or {@code --execution.checkpointing.interval} says otherwise), since the detections
 * sink commits its Kafka transactions on checkpoints. Before anything is submitted, {@link
 * DeploymentCheck} and {@link TopicsCheck} refuse a configuration that cannot run, with one
 * message.
 */
public final class VigilJob {
    private static final Logger LOG = LoggerFactory.getLogger(VigilJob.class);
    private static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private VigilJob() {}

    /** The job's options from {@code --key value} arguments; unknown keys pass to Flink. */
    static Configuration options(String[] args) {
        return ParameterTool.fromArgs(args).getConfiguration();
    }

    public static void main(String[] args) throws Exception {
        Configuration options = options(args);
        DeploymentCheck.run(options);
        Pipelines.of(options).values().forEach(DeploymentCheck::run);
        TopicsCheck.verify(options)
                .ifPresent(deferred -> LOG.info("Left to the TaskManagers: {}", deferred));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(options);
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            env.enableCheckpointing(
                    options.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
                            .orElse(DEFAULT_CHECKPOINT_INTERVAL)
                            .toMillis());
        }
        VigilPipeline.build(
                env, options, new WasmInferenceFactory(options), Pipelines.wasmInference(options));
        env.execute("vigil-inference");
    }
}
