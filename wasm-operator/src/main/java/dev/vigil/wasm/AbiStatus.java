package dev.vigil.wasm;

/**
 * Status codes host functions return to guests (guest ABI v1). 0–8 are wasi-nn's {@code nn_errno};
 * 64 and up are Vigil's.
 */
public final class AbiStatus {
    public static final int SUCCESS = 0;
    public static final int INVALID_ARGUMENT = 1;
    public static final int INVALID_ENCODING = 2;
    public static final int MISSING_MEMORY = 3;
    public static final int BUSY = 4;
    public static final int RUNTIME_ERROR = 5;
    public static final int UNSUPPORTED_OPERATION = 6;
    public static final int TOO_LARGE = 7;
    public static final int NOT_FOUND = 8;

    /** The frame cannot be decoded or is not acceptable; the host has recorded why. Skip it. */
    public static final int BAD_FRAME = 64;

    private AbiStatus() {}

    /** A name for a code, for messages. */
    public static String name(int code) {
        return switch (code) {
            case SUCCESS -> "success";
            case INVALID_ARGUMENT -> "invalid_argument";
            case INVALID_ENCODING -> "invalid_encoding";
            case MISSING_MEMORY -> "missing_memory (out of memory)";
            case BUSY -> "busy";
            case RUNTIME_ERROR -> "runtime_error";
            case UNSUPPORTED_OPERATION -> "unsupported_operation";
            case TOO_LARGE -> "too_large";
            case NOT_FOUND -> "not_found";
            case BAD_FRAME -> "bad_frame";
            default -> "guest-defined error " + code;
        };
    }
}
