package dev.vigil.job.inference;

/** A frame the inference stage gave up on, bound for the dead-letter topic. */
public record FailedFrame(SourcedFrame frame, FrameFailure failure) {}
