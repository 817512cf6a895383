package dev.hark.core.transcript;

import java.util.List;

/**
 * Extension point (API 1.0): a transcript file format. Register an implementation as an OSGi service (a DS
 * {@code @Component(service = TranscriptExporter.class)}); the workbench's Live view offers it in its Export dialog and
 * {@code hark transcribe --format <format()>} writes with it. Hark's own txt, srt, vtt and json are four such services.
 * <p>
 * Threading: {@link #export(List)} may be called on any thread, the UI thread included, and concurrently: keep it a
 * pure function of its argument, without I/O or locks. Hark writes the returned text (UTF-8) where the user asked.
 * <p>
 * Compatibility: methods may be added to this interface only as {@code default} methods in a minor version of the
 * package; a plugin that imports {@code dev.hark.core.transcript;version="[1.0,2)"} keeps working until 2.0.
 */
public interface TranscriptExporter {

    /**
     * The format's short name, lower case, letters, digits and '-' only (e.g. "srt", "textgrid"): the value of
     * {@code --format}. The first service registered for a name wins; Hark's built-ins cannot be replaced.
     */
    String format();

    /** The file extension without the dot (e.g. "srt", "TextGrid"). */
    String extension();

    /** A short human name for dialogs (e.g. "SubRip subtitles"). */
    String label();

    /**
     * The transcript as this format's text.
     *
     * @param segments finals and gaps in order (never a partial), each with its word times when the engine gave them
     * @return the file's content
     */
    String export(List<Segment> segments);
}
