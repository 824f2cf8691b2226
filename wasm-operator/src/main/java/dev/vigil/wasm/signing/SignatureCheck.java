package dev.vigil.wasm.signing;

import dev.vigil.wasm.GuestSignatureException;
import dev.vigil.wasm.WasmSettings;

/** Enforces {@link WasmSettings#requireSignatures()} at load, before the bytes are parsed. */
public final class SignatureCheck {
    private SignatureCheck() {}

    /**
     * @param signature the detached signature, null when the module has none
     * @throws GuestSignatureException unsigned, or not signed by a trusted key over these bytes
     */
    public static void require(
            String source, byte[] module, byte[] signature, WasmSettings settings) {
        TrustStore trust = TrustStore.load(settings.trustStore().orElseThrow());
        String where = trust.directory().toAbsolutePath().toString();
        if (signature == null) {
            throw new GuestSignatureException(
                    source,
                    "Guest module "
                            + source
                            + " has no signature, and this deployment requires signed guests"
                            + " (requireSignatures=true, trust store "
                            + where
                            + "). Sign it with a trusted key: 'vigil modules sign --key"
                            + " <signer>.key "
                            + source
                            + "' writes "
                            + source
                            + ModuleSignatures.SUFFIX
                            + " beside it; the signer's .pub must be in "
                            + where
                            + ".");
        }
        if (trust.signer(module, signature).isEmpty()) {
            throw new GuestSignatureException(
                    source,
                    "The signature of guest module "
                            + source
                            + " was not made over these bytes by any key in the trust store "
                            + where
                            + " (keys: "
                            + trust.keyNames()
                            + "): the module changed after it was signed, or its signer is not"
                            + " trusted. Re-sign the module ('vigil modules sign'), or add the"
                            + " signer's .pub to the trust store; 'vigil modules verify"
                            + " --trust-store "
                            + where
                            + " "
                            + source
                            + "' checks it.");
        }
    }
}
