package dev.vigil.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a Kafka cluster in line with the {@link TopicCatalogue}, idempotently: {@link #plan()}
 * shows the difference, {@link #apply()} resolves it, and a second apply changes nothing.
 *
 * <pre>{@code
 * try (TopicProvisioner provisioner = TopicProvisioner.connect(settings)) {
 *     System.out.println(provisioner.plan().render());
 *     System.out.println(provisioner.apply().render());
 * }
 * }</pre>
 *
 * <p>Only catalogue topics are read or changed; other topics on the cluster are left alone, and so
 * is every config the catalogue does not set.
 */
public final class TopicProvisioner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration CONVERGENCE_POLL = Duration.ofMillis(100);

    private final TopicSettings settings;
    private final TopicCatalogue catalogue;
    private final Admin admin;
    private final ClusterReader reader;
    private final ChangeApplier applier;

    private TopicProvisioner(TopicSettings settings, TopicCatalogue catalogue, Admin admin) {
        this.settings = settings;
        this.catalogue = catalogue;
        this.admin = admin;
        AdminCalls calls = new AdminCalls(settings);
        this.reader = new ClusterReader(admin, calls);
        this.applier = new ChangeApplier(admin, calls);
    }

    /**
     * An admin client for the cluster of {@code settings}. Connects lazily: an unreachable cluster
     * shows on the first {@link #plan()} or {@link #apply()}.
     *
     * @throws IllegalArgumentException if a settings override names an unknown topic
     * @throws ClusterUnreachableException if no bootstrap server name resolves
     * @throws TopicProvisioningException if Kafka refuses the client settings
     */
    public static TopicProvisioner connect(TopicSettings settings) {
        TopicCatalogue catalogue = TopicCatalogue.vigil(settings);
        try {
            return new TopicProvisioner(settings, catalogue, Admin.create(adminConfig(settings)));
        } catch (KafkaException e) {
            // Kafka resolves the bootstrap hosts when the client is created.
            if (e.getCause() instanceof ConfigException bad
                    && bad.getMessage().contains(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw ClusterUnreachableException.unresolvable(settings, bad);
            }
            throw new TopicProvisioningException(
                    "Could not create a Kafka admin client for "
                            + settings.bootstrapServers()
                            + ": "
                            + e.getMessage()
                            + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"),
                    e);
        }
    }

    public TopicCatalogue catalogue() {
        return catalogue;
    }

    /**
     * Reads the cluster and returns what {@link #apply()} would do. Changes nothing.
     *
     * @throws ClusterUnreachableException if the cluster does not answer within the API timeout
     * @throws BrokerRejectedException if the cluster refuses to describe a topic (e.g. ACLs)
     */
    public TopicPlan plan() {
        return TopicPlanner.plan(
                catalogue, reader.read(catalogue.topics().stream().map(TopicSpec::name).toList()));
    }

    /**
     * Plans against the cluster as it is now and applies that plan; see {@link #apply(TopicPlan)}.
     */
    public ApplyResult apply() {
        return apply(plan());
    }

    /**
     * Makes the changes of {@code plan}, e.g. the one shown to and confirmed by a person, and
     * returns once the cluster reports them, so a client started next finds the topics ready.
     *
     * <p>Refused changes do not stop the safe ones: apply makes every safe change first and then
     * throws {@link UnsafeChangesRefusedException}. A refusal concerns one topic and needs a person
     * (recreate or reassign); holding back unrelated fixes, such as a new topic or a retention
     * change, until then would keep the whole pipeline waiting on one topic, while every safe
     * change is independent per topic and idempotent. The exception still makes the caller fail, so
     * the refusal is not missed.
     *
     * @throws ClusterUnreachableException if the cluster stops answering; changes already made stay
     * @throws BrokerRejectedException if the broker refused changes for some topics; the others are
     *     made and listed in the exception
     * @throws UnsafeChangesRefusedException if the plan holds refused changes, after the safe ones
     */
    public ApplyResult apply(TopicPlan plan) {
        ChangeApplier.Outcome outcome = applier.apply(plan.changes());
        outcome.applied().forEach(change -> LOG.info("Applied: {}", change.render()));
        awaitVisible(outcome.applied());
        if (!outcome.rejections().isEmpty()) {
            throw new BrokerRejectedException(
                    settings.bootstrapServers(), outcome.rejections(), outcome.applied());
        }
        if (!plan.refused().isEmpty()) {
            throw new UnsafeChangesRefusedException(plan.refused(), outcome.applied());
        }
        return new ApplyResult(outcome.applied());
    }

    /**
     * Waits until the broker we read from reports the applied changes. Kafka acknowledges a change
     * once its controller has it; brokers learn of it a moment later, and a plan or a producer in
     * that moment would still see the old state.
     */
    private void awaitVisible(List<TopicChange> applied) {
        if (applied.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + settings.apiTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (plan().changes().stream().noneMatch(applied::contains)) {
                return;
            }
            sleep(CONVERGENCE_POLL);
        }
        LOG.warn(
                "Kafka at {} acknowledged the changes but does not report them all after {} ms;"
                        + " plan again to check",
                settings.bootstrapServers(),
                settings.apiTimeout().toMillis());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("Interrupted waiting for applied changes", e);
        }
    }

    /** Closes the admin client, waiting at most the request timeout for calls in flight. */
    @Override
    public void close() {
        admin.close(settings.requestTimeout());
    }

    private static Map<String, Object> adminConfig(TopicSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-topics");
        config.putAll(settings.clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) settings.requestTimeout().toMillis());
        config.put(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) settings.apiTimeout().toMillis());
        return config;
    }
}
