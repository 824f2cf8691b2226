package dev.vigil.wasm;

import java.util.List;

/**
 * A deployment that requires signed guests ({@link WasmSettings#requireSignatures()}) was given a
 * module without a signature, or with one no trusted key made. The message says how to sign it or
 * trust its signer.
 */
public class GuestSignatureException extends GuestLoadException {
    private static final long serialVersionUID = 1L;

    public GuestSignatureException(String guest, String message) {
        super(guest, List.of(), message, null);
    }
}
