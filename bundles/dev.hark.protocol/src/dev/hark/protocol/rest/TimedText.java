package dev.hark.protocol.rest;

/** A stretch of recognized text with its audio times (seconds). */
public record TimedText(String text, double start, double end) {
}
