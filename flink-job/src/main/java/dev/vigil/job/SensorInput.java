package dev.vigil.job;

import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.job.sensors.IngestedReading;
import dev.vigil.job.sensors.SensorRecordDeserializer;
import dev.vigil.job.sensors.SensorWindows;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.topics.TopicCatalogue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The input of a sensor job ({@link JobOptions#SENSORS}): readings from their topic, keyed by
 * source, windowed in keyed state into {@code FLOAT32_TENSOR} frames, the frames the inference
 * stage takes from the frames topic otherwise. The window stage passes the dead letters of
 * unreadable readings on the same side output as the frames' splitter, so the rest of the graph is
 * the same for both inputs.
 */
final class SensorInput {
    private SensorInput() {}

    static SingleOutputStreamOperator<SourcedFrame> windows(
            StreamExecutionEnvironment env, ReadableConfig options, SerdeSettings serde) {
        String topic = options.get(JobOptions.TOPIC_PREFIX) + TopicCatalogue.SENSOR_READINGS;
        return env.fromSource(
                        VigilPipeline.source(options, topic, new SensorRecordDeserializer(serde)),
                        WatermarkStrategy.noWatermarks(),
                        "sensor readings")
                .uid("sensor-readings-source")
                .keyBy(IngestedReading::key)
                .process(new SensorWindows(JobOptions.windowing(options), topic + ".windows"))
                .uid("sensor-windows")
                .name("sensor windows");
    }
}
