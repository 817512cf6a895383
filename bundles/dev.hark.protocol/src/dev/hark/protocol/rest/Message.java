package dev.hark.protocol.rest;

/** A plain answer: {@code {"message": ...}}. */
public record Message(String message) {
}
