package dev.vigil.schemas.serde;

/**
 * The schema registry could not be used: unreachable, timed out, or it refused a registration (e.g.
 * a schema change that breaks the subject's compatibility rule). Not a property of one record: a
 * pipeline fails and retries rather than dead-lettering.
 */
public final class RegistryException extends SerdeException {
    private final String reasonCode;

    RegistryException(String reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    @Override
    public String reasonCode() {
        return reasonCode;
    }
}
