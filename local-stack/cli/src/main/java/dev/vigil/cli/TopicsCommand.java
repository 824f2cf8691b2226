package dev.vigil.cli;

import dev.vigil.topics.ApplyResult;
import dev.vigil.topics.TopicPlan;
import dev.vigil.topics.TopicProvisioner;
import dev.vigil.topics.TopicSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil topics plan|apply}: the topic catalogue against any Kafka cluster. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        subcommands = {TopicsCommand.Plan.class, TopicsCommand.Apply.class},
        description = "Compare the topic catalogue with a cluster (plan) or make it so (apply).")
final class TopicsCommand {
    /** What the output topics are compressed with; the option both subcommands take. */
    static final class Compression {
        @Option(
                names = "--output-compression",
                defaultValue = TopicSettings.DEFAULT_OUTPUT_COMPRESSION,
                description =
                        "compression.type of detections, alerts and frames.dlq: zstd, gzip (what"
                                + " kafkajs reads without codecs), lz4, snappy, uncompressed"
                                + " (default: ${DEFAULT-VALUE}).")
        String outputCompression;
    }

    @Command(name = "plan", description = "Print what apply would change; change nothing.")
    static final class Plan implements Callable<Integer> {
        @Mixin KafkaCluster topics;
        @Mixin Compression compression;

        @Override
        public Integer call() {
            try (TopicProvisioner provisioner =
                    TopicProvisioner.connect(topics.settings(compression.outputCompression))) {
                TopicPlan plan = provisioner.plan();
                System.out.println(plan.render());
                return 0;
            }
        }
    }

    @Command(name = "apply", description = "Create and update topics to match the catalogue.")
    static final class Apply implements Callable<Integer> {
        @Mixin KafkaCluster topics;
        @Mixin Compression compression;

        @Override
        public Integer call() {
            try (TopicProvisioner provisioner =
                    TopicProvisioner.connect(topics.settings(compression.outputCompression))) {
                ApplyResult result = provisioner.apply();
                System.out.println(result.render());
                return 0;
            }
        }
    }
}
