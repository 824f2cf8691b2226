package dev.vigil.nn;

/**
 * One try of an execution provider when a model was loaded.
 *
 * @param provider the provider tried
 * @param chosen whether the model runs on it
 * @param reason why it was not chosen; empty when chosen
 */
public record ProviderAttempt(ExecutionProvider provider, boolean chosen, String reason) {
    @Override
    public String toString() {
        return provider + (chosen ? ": chosen" : ": unavailable (" + reason + ")");
    }
}
