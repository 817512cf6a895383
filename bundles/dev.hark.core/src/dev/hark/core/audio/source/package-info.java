/**
 * Audio sources for the Live view (API 1.0): {@link dev.hark.core.audio.source.AudioSourceProvider} is the extension
 * point; see docs/plugins.md.
 */
package dev.hark.core.audio.source;
