package dev.vigil.job;

import dev.vigil.job.alert.AlertTracker;
import dev.vigil.job.inference.Batching;
import dev.vigil.job.inference.FailedFrame;
import dev.vigil.job.inference.FrameInference;
import dev.vigil.job.inference.MicroBatchInferenceOperator;
import dev.vigil.job.inference.MicroBatchInferenceOperatorFactory;
import dev.vigil.job.inference.SourcedFrame;
import dev.vigil.job.ingest.FrameRecordDeserializer;
import dev.vigil.job.ingest.Keys;
import dev.vigil.job.ingest.SplitUndecodable;
import dev.vigil.job.ingest.ToDeadLetter;
import dev.vigil.job.sources.PipelineRouter;
import dev.vigil.job.sources.SourceConfigDeserializer;
import dev.vigil.job.sources.SourceConfigs;
import dev.vigil.job.sources.SourceUpdate;
import dev.vigil.job.sources.SplitRefused;
import dev.vigil.schemas.Alert;
import dev.vigil.schemas.DeadLetter;
import dev.vigil.schemas.Detection;
import dev.vigil.schemas.flink.ConfluentAvroSerializationSchema;
import dev.vigil.schemas.serde.SerdeSettings;
import dev.vigil.topics.TopicCatalogue;
import dev.vigil.topics.TopicSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job graph: frames from Kafka, keyed by source, through the micro-batching inference stage and
 * the keyed alert stage, to the detections, alerts and dead-letter topics. The sources topic's
 * configs reach the alert stage as broadcast state; refused ones are dead letters. Every stateful
 * operator has a stable uid, so savepoints survive model and guest upgrades.
 */
public final class VigilPipeline {
    /** Longest a sink transaction may stay open; within the broker's default 15-minute limit. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private VigilPipeline() {}

    /** The job with the default pipeline only. */
    public static void build(
            StreamExecutionEnvironment env,
            ReadableConfig options,
            FrameInference.Factory inference) {
        build(env, options, inference, Map.of());
    }

    /**
     * The job with the default pipeline ({@code inference}) and the named {@code pipelines}, each
     * an inference stage of its own (uid {@code inference-<name>}) fed by a routing stage that
     * reads each frame's pipeline from its source's config. Without named pipelines there is no
     * routing stage: the graph is the one of a job before pipelines existed.
     */
    public static void build(
            StreamExecutionEnvironment env,
            ReadableConfig options,
            FrameInference.Factory inference,
            Map<String, FrameInference.Factory> pipelines) {
        // Set explicitly: Flink's derived default depends on the first run's parallelism, and the
        // keyed state of a savepoint can only be rescaled within the maximum it was written with.
        env.setMaxParallelism(options.get(JobOptions.MAX_PARALLELISM));
        env.setBufferTimeout(options.get(JobOptions.BUFFER_TIMEOUT).toMillis());
        SerdeSettings serde =
                SerdeSettings.builder()
                        .registryUrls(List.of(options.get(JobOptions.REGISTRY_URL)))
                        .build();
        String prefix = options.get(JobOptions.TOPIC_PREFIX);
        String framesTopic = prefix + TopicCatalogue.FRAMES;

        SingleOutputStreamOperator<SourcedFrame> frames =
                options.get(JobOptions.SENSORS)
                        ? SensorInput.windows(env, options, serde)
                        : env.fromSource(
                                        source(
                                                options,
                                                framesTopic,
                                                new FrameRecordDeserializer(serde)),
                                        WatermarkStrategy.noWatermarks(),
                                        "frames")
                                .uid("frames-source")
                                .process(new SplitUndecodable())
                                .uid("split-undecodable")
                                .name("split undecodable records");

        SingleOutputStreamOperator<SourceUpdate> sourceUpdates =
                env.fromSource(
                                sourcesSource(
                                        options,
                                        serde,
                                        prefix + TopicCatalogue.SOURCES,
                                        pipelines.keySet()),
                                WatermarkStrategy.noWatermarks(),
                                "sources")
                        .uid("sources-source")
                        // A small topic, and every config goes to every subtask anyway.
                        .setParallelism(1)
                        .process(new SplitRefused())
                        .uid("split-refused-sources")
                        .name("split refused source configs")
                        .setParallelism(1);
        BroadcastStream<SourceUpdate> sourceConfigs =
                sourceUpdates.broadcast(SourceConfigs.DESCRIPTOR);

        DataStream<SourcedFrame> defaultFrames = frames;
        SingleOutputStreamOperator<SourcedFrame> routed = null;
        if (!pipelines.isEmpty()) {
            routed =
                    frames.connect(sourceConfigs)
                            .process(new PipelineRouter(pipelines.keySet(), frames.getType()))
                            .uid("route-pipelines")
                            .name("route frames to pipelines");
            defaultFrames = routed;
        }
        Batching batching = JobOptions.batching(options);
        SingleOutputStreamOperator<Detection> defaultDetections =
                inference(defaultFrames, "inference", batching, inference);
        DataStream<Detection> detections = defaultDetections;
        DataStream<FailedFrame> failures =
                defaultDetections.getSideOutput(MicroBatchInferenceOperator.FAILURES);
        for (Map.Entry<String, FrameInference.Factory> pipeline : pipelines.entrySet()) {
            SingleOutputStreamOperator<Detection> own =
                    inference(
                            routed.getSideOutput(
                                    PipelineRouter.tag(pipeline.getKey(), frames.getType())),
                            "inference-" + pipeline.getKey(),
                            batching,
                            pipeline.getValue());
            detections = detections.union(own);
            failures = failures.union(own.getSideOutput(MicroBatchInferenceOperator.FAILURES));
        }

        DataStream<Alert> alerts =
                detections
                        .keyBy(Detection::getSourceId)
                        .connect(sourceConfigs)
                        .process(
                                new AlertTracker(
                                        JobOptions.alertRule(options),
                                        JobOptions.watchlist(options),
                                        options.get(JobOptions.ALERT_IDLE_TTL)),
                                new AvroTypeInfo<>(Alert.class))
                        .uid("alerts")
                        .name("alert tracker");

        DataStream<DeadLetter> deadLetters =
                frames.getSideOutput(SplitUndecodable.UNDECODABLE)
                        .union(
                                sourceUpdates.getSideOutput(SplitRefused.REFUSED),
                                failures.map(
                                                new ToDeadLetter(serde),
                                                new AvroTypeInfo<>(DeadLetter.class))
                                        .uid("failed-frames")
                                        .name("failed frames to dead letters"));

        String transactions = options.get(JobOptions.TRANSACTION_PREFIX);
        detections
                .sinkTo(
                        sink(
                                options,
                                serde,
                                prefix + TopicCatalogue.DETECTIONS,
                                Detection.class,
                                (KeyOf<Detection>) Detection::getSourceId,
                                DeliveryGuarantee.EXACTLY_ONCE,
                                transactions + "-detections"))
                .uid("detections-sink")
                .name("detections");
        alerts.sinkTo(
                        sink(
                                options,
                                serde,
                                prefix + TopicCatalogue.ALERTS,
                                Alert.class,
                                (KeyOf<Alert>) Alert::getAlertId,
                                options.get(JobOptions.ALERTS_EXACTLY_ONCE)
                                        ? DeliveryGuarantee.EXACTLY_ONCE
                                        : DeliveryGuarantee.AT_LEAST_ONCE,
                                transactions + "-alerts"))
                .uid("alerts-sink")
                .name("alerts");
        deadLetters
                .sinkTo(
                        sink(
                                options,
                                serde,
                                prefix + TopicCatalogue.FRAMES_DLQ,
                                DeadLetter.class,
                                VigilPipeline::deadLetterKey,
                                DeliveryGuarantee.AT_LEAST_ONCE,
                                transactions + "-dead-letters"))
                .uid("dead-letters-sink")
                .name("dead letters");
    }

    /** One pipeline's inference stage, keyed by source. */
    private static SingleOutputStreamOperator<Detection> inference(
            DataStream<SourcedFrame> frames,
            String uid,
            Batching batching,
            FrameInference.Factory inference) {
        return frames.keyBy(frame -> frame.frame().getSourceId())
                .transform(
                        uid,
                        new AvroTypeInfo<>(Detection.class),
                        new MicroBatchInferenceOperatorFactory(batching, inference))
                .uid(uid);
    }

    /** A source of the job's input topic {@code topic}, read_committed from committed offsets. */
    static <T> KafkaSource<T> source(
            ReadableConfig options, String topic, KafkaRecordDeserializationSchema<T> records) {
        return source(
                options,
                topic,
                options.get(JobOptions.GROUP_ID),
                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST),
                records);
    }

    /**
     * The sources topic from its beginning (its compacted log is the fleet's configuration) on the
     * first start, from its restored offsets after that: the configs read before are in the alert
     * stage's broadcast state.
     */
    private static KafkaSource<SourceUpdate> sourcesSource(
            ReadableConfig options, SerdeSettings serde, String topic, Set<String> pipelines) {
        return source(
                options,
                topic,
                options.get(JobOptions.GROUP_ID) + ".sources",
                OffsetsInitializer.earliest(),
                new SourceConfigDeserializer(serde, pipelines));
    }

    /**
     * Read committed, as a transactional writer's records count only once committed; bounded at the
     * topic's end in a bounded run.
     */
    private static <T> KafkaSource<T> source(
            ReadableConfig options,
            String topic,
            String groupId,
            OffsetsInitializer startingOffsets,
            KafkaRecordDeserializationSchema<T> records) {
        var builder =
                KafkaSource.<T>builder()
                        .setBootstrapServers(options.get(JobOptions.BOOTSTRAP_SERVERS))
                        .setTopics(topic)
                        .setGroupId(groupId)
                        .setStartingOffsets(startingOffsets)
                        .setDeserializer(records)
                        .setProperty("isolation.level", "read_committed");
        if (options.get(JobOptions.BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static <T extends SpecificRecordBase> KafkaSink<T> sink(
            ReadableConfig options,
            SerdeSettings serde,
            String topic,
            Class<T> type,
            SerializationSchema<T> key,
            DeliveryGuarantee guarantee,
            String transactionalIdPrefix) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(options.get(JobOptions.BOOTSTRAP_SERVERS))
                .setRecordSerializer(
                        KafkaRecordSerializationSchema.<T>builder()
                                .setTopic(topic)
                                .setKeySerializationSchema(key)
                                .setValueSerializationSchema(
                                        new ConfluentAvroSerializationSchema<>(type, topic, serde))
                                .build())
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setProperty(
                        "transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                // The topic's compression: a batch in another one is recompressed by the broker.
                .setProperty("compression.type", outputCompression(options))
                .build();
    }

    /**
     * The producers' {@code compression.type} for the topics' (a topic's {@code uncompressed} is a
     * producer's {@code none}; {@code producer} leaves it to us: none). Checked where the job is
     * built, so a wrong value fails the submission, not every producer on the TaskManagers.
     */
    static String outputCompression(ReadableConfig options) {
        String topics = options.get(JobOptions.OUTPUT_COMPRESSION);
        if (!TopicSettings.COMPRESSION_TYPES.contains(topics)) {
            throw new IllegalArgumentException(
                    JobOptions.OUTPUT_COMPRESSION.key()
                            + " is '"
                            + topics
                            + "'; use the topics' compression.type, one of "
                            + new TreeSet<>(TopicSettings.COMPRESSION_TYPES));
        }
        return topics.equals("uncompressed") || topics.equals("producer") ? "none" : topics;
    }

    /**
     * A dead letter's key is its origin record's (the source id as its producer keyed it), so the
     * dead letters of a source share a partition and those without a key spread over all.
     */
    private static byte[] deadLetterKey(DeadLetter letter) {
        ByteBuffer key = letter.getKey();
        if (key == null) {
            return null;
        }
        byte[] bytes = new byte[key.remaining()];
        key.duplicate().get(bytes);
        return bytes;
    }

    /** The record key of a sink: a string field of the record, written as UTF-8. */
    private interface KeyOf<T> extends SerializationSchema<T>, Function<T, String> {
        @Override
        default byte[] serialize(T element) {
            return Keys.of(apply(element));
        }
    }
}
