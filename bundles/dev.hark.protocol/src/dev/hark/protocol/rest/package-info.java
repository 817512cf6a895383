/**
 * The bodies of the REST routes under {@code /api} (docs/protocol.md, "REST"), as records. Field names are
 * the Java names in snake_case on the wire ({@code sizeMb} is {@code size_mb}). v1 clients (the asr-test
 * frontend) read these shapes; Hark's client reads them through {@code dev.hark.protocol.ProtocolJson}.
 */
package dev.hark.protocol.rest;
