package dev.hark.protocol.rest;

/** Every REST error, as v1's FastAPI answered: {@code {"detail": ...}} with a fitting HTTP status. */
public record ErrorBody(String detail) {
}
