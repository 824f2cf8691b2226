package dev.vigil.topics;

/**
 * Why topics could not be read or provisioned. Catch this for any failure; its subclasses tell the
 * kinds apart: {@link ClusterUnreachableException}, {@link BrokerRejectedException}, {@link
 * UnsafeChangesRefusedException}.
 */
public class TopicProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicProvisioningException(String message) {
        super(message);
    }

    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
