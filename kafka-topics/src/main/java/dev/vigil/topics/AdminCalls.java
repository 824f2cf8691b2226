package dev.vigil.topics;

import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;

/** Waits for admin results and turns Kafka's failures into this module's exceptions. */
final class AdminCalls {
    private final TopicSettings settings;

    AdminCalls(TopicSettings settings) {
        this.settings = settings;
    }

    /**
     * The result of one admin call.
     *
     * @throws ClusterUnreachableException if the cluster did not answer within the API timeout
     * @throws ApiException if the broker refused, for the caller to name the topic it concerns
     */
    <T> T await(KafkaFuture<T> future, String operation) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException(
                    "Interrupted waiting for '" + operation + "' at " + bootstrapServers(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // Admin retries until default.api.timeout.ms and then fails every call this way.
            if (cause instanceof TimeoutException) {
                throw ClusterUnreachableException.timedOut(settings, operation, cause);
            }
            if (cause instanceof ApiException refusal) {
                throw refusal;
            }
            throw new TopicProvisioningException(
                    "'" + operation + "' failed at " + bootstrapServers() + ": " + cause, cause);
        }
    }

    BrokerRejectedException.Rejection rejection(String topic, String action, ApiException refusal) {
        return new BrokerRejectedException.Rejection(
                topic, action, refusal.getClass().getSimpleName() + ": " + refusal.getMessage());
    }

    /** A broker refusal about one topic while reading, when nothing was changed yet. */
    BrokerRejectedException rejected(String topic, String action, ApiException refusal) {
        return new BrokerRejectedException(
                bootstrapServers(), List.of(rejection(topic, action, refusal)), List.of());
    }

    String bootstrapServers() {
        return settings.bootstrapServers();
    }
}
