/**
 * Training runs as the workbench and {@code hark runs} see them, whatever their source (a Hark server, an
 * asr-test backend, a TensorBoard log folder): a run's identity and state ({@link dev.hark.protocol.runs.RunInfo})
 * and its scalar series ({@link dev.hark.protocol.runs.ScalarSeries}); since 1.1 its checkpoints
 * ({@link dev.hark.protocol.runs.CheckpointInfo}).
 */
package dev.hark.protocol.runs;
