package dev.vigil.cli;

import dev.vigil.topics.ApplyResult;
import dev.vigil.topics.TopicPlan;
import dev.vigil.topics.TopicProvisioner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil topics plan|apply}: the topic catalogue against any Kafka cluster. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        subcommands = {TopicsCommand.Plan.class, TopicsCommand.Apply.class},
        description = "Compare the topic catalogue with a cluster (plan) or make it so (apply).")
final class TopicsCommand {

    @Command(name = "plan", description = "Print what apply would change; change nothing.")
    static final class Plan implements Callable<Integer> {
        @Mixin KafkaCluster topics;

        @Override
        public Integer call() {
            try (TopicProvisioner provisioner = TopicProvisioner.connect(topics.settings())) {
                TopicPlan plan = provisioner.plan();
                System.out.println(plan.render());
                return 0;
            }
        }
    }

    @Command(name = "apply", description = "Create and update topics to match the catalogue.")
    static final class Apply implements Callable<Integer> {
        @Mixin KafkaCluster topics;

        @Override
        public Integer call() {
            try (TopicProvisioner provisioner = TopicProvisioner.connect(topics.settings())) {
                ApplyResult result = provisioner.apply();
                System.out.println(result.render());
                return 0;
            }
        }
    }
}
