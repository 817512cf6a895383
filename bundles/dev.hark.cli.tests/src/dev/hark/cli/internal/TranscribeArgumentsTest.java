package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.transport.ClientSettings;
import picocli.AutoComplete;

/** {@code hark transcribe}'s command line alone: values, defaults, one-line errors with exit 2, generated help. */
class TranscribeArgumentsTest {

    static TranscribeArguments parse(String... args) throws dev.hark.core.cli.UsageException {
        return TranscribeArguments.parse(args, null, null);
    }

    /** The error line and exit code the application gives for these arguments (no file is read: parsing fails first). */
    static String[] fails(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TranscribeApplication().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(TranscribeApplication.USAGE, code, said);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "errors go to standard error only");
        assertEquals(1, said.strip().lines().count(), "one line: " + said);
        assertTrue(said.startsWith("hark transcribe: "), said);
        return new String[] { said.strip() };
    }

    @Test
    void defaults() throws Exception {
        TranscribeArguments a = parse("a.wav");
        assertEquals(List.of(Path.of("a.wav")), a.files());
        assertEquals(URI.create(TranscribeArguments.DEFAULT_SERVER), a.server());
        assertFalse(a.embedded());
        assertFalse(a.realtime());
        assertNull(a.data());
        assertNull(a.model());
        assertNull(a.out());
        assertNull(a.token());
        assertEquals("txt", a.format());
        assertEquals(ClientSettings.Protocol.AUTO, a.protocol());
    }

    @Test
    void theEndOfSessionWaitIsAnOption() throws Exception {
        assertNull(parse("a.wav").endWait(), "default: the client's own (30 s)");
        assertEquals(java.time.Duration.ofMillis(90_500), parse("a.wav", "--end-wait", "90.5").endWait());
        assertTrue(fails("a.wav", "--end-wait", "0")[0].contains("--end-wait must be a positive number"));
    }

    @Test
    void everyOption() throws Exception {
        TranscribeArguments a = parse("transcribe", "a.wav", "--server", "http://10.1.2.3:9000", "--model", "en-us-digits",
                "--realtime", "--format", "SRT", "--out", "o.srt", "--protocol", "v1", "--token", "t0k", "b.wav");
        assertEquals(List.of(Path.of("a.wav"), Path.of("b.wav")), a.files(), "the passed-through subcommand is not a file");
        assertEquals(URI.create("http://10.1.2.3:9000"), a.server());
        assertEquals("en-us-digits", a.model());
        assertTrue(a.realtime());
        assertEquals("srt", a.format(), "format names are case-insensitive");
        assertEquals(Path.of("o.srt"), a.out());
        assertEquals(ClientSettings.Protocol.V1, a.protocol());
        assertEquals("t0k", a.token());

        TranscribeArguments e = parse("a.wav", "--embedded", "--data", "/tmp/d", "--protocol", "2");
        assertTrue(e.embedded());
        assertEquals(Path.of("/tmp/d"), e.data());
        assertEquals(ClientSettings.Protocol.V2, e.protocol());
    }

    @Test
    void theEnvironmentGivesServerAndTokenUnlessOptionsDo() throws Exception {
        TranscribeArguments env = TranscribeArguments.parse(new String[] { "a.wav" }, "http://127.0.0.1:7000", "secret");
        assertEquals(URI.create("http://127.0.0.1:7000"), env.server());
        assertEquals("secret", env.token());
        TranscribeArguments opt = TranscribeArguments.parse(new String[] { "a.wav", "--server", "http://127.0.0.1:8000", "--token", "x" },
                "http://127.0.0.1:7000", "secret");
        assertEquals(URI.create("http://127.0.0.1:8000"), opt.server());
        assertEquals("x", opt.token());
        assertEquals(URI.create(TranscribeArguments.DEFAULT_SERVER),
                TranscribeArguments.parse(new String[] { "a.wav" }, "  ", null).server(), "a blank $HARK_SERVER is no server");
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        assertTrue(fails()[0].contains("FILE"), "no file");
        assertTrue(fails("a.wav", "--bogus")[0].contains("--bogus"));
        assertTrue(fails("a.wav", "--format", "doc")[0].contains("unknown format \"doc\": use txt, srt, vtt or json"));
        assertTrue(fails("a.wav", "--protocol", "v3")[0].contains("protocol must be auto, v1 or v2"));
        assertTrue(fails("a.wav", "--server")[0].contains("--server"), "a value is missing");
        assertTrue(fails("a.wav", "--server", "--embedded")[0].contains("--server"), "an option is no value");
        assertEquals("hark transcribe: --server and --embedded exclude each other",
                fails("a.wav", "--embedded", "--server", "http://x:1")[0]);
        assertTrue(fails("a.wav", "--server", "not a url")[0].startsWith("hark transcribe: --server must be a URL like"));
        assertTrue(fails("a.wav", "--server", "127.0.0.1:1")[0].contains("--server must be a URL"), "no host");
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        for (String flag : List.of("--help", "-h")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new TranscribeApplication().run(new String[] { flag }, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String help = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code);
            assertEquals("", err.toString(StandardCharsets.UTF_8));
            assertTrue(help.startsWith("Usage: hark transcribe"), help);
            for (String option : List.of("--server", "--embedded", "--data", "--model", "--realtime", "--format", "--out",
                    "--protocol", "--token", "--help", "--version", "FILE")) {
                assertTrue(help.contains(option), option + " missing from:\n" + help);
            }
            assertTrue(help.contains("Exit codes: 0 done, 1 a transcription failed, 2 bad arguments"), help);
            assertTrue(help.contains(TranscribeArguments.DEFAULT_SERVER), "the default server is told: " + help);
            assertFalse(help.contains("\u001b["), "no colour codes");
        }
    }

    @Test
    void versionIsTheBundlesVersion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new TranscribeApplication().run(new String[] { "--version" }, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("hark transcribe 0\\.\\d+\\.\\d+.*\\R"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bashCompletionKnowsTheOptionsAndValues() {
        String script = AutoComplete.bash("hark-transcribe", TranscribeArguments.commandLine());
        assertTrue(script.contains("--embedded") && script.contains("--protocol"), script);
        assertTrue(script.contains("vtt") && script.contains("auto"), "format and protocol values complete: " + script);
    }

    @Test
    void harkCompletionCoversTheSubcommands() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, CompletionApplication.run(new PrintStream(out, true, StandardCharsets.UTF_8)));
        String script = out.toString(StandardCharsets.UTF_8);
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.lines().findFirst().orElse(""));
        assertTrue(script.contains("complete -F _complete_hark") && script.contains("hark"), "registers a completion for hark");
        for (String word : List.of("transcribe", "serve", "dataset", "completion", "--realtime", "--format")) {
            assertTrue(script.contains(word), word + " missing from the script");
        }
    }

    @Test
    void aPluginsFormatIsAcceptedWhenItsExporterIsRegistered() throws Exception {
        var formats = java.util.List.of("txt", "srt", "vtt", "json", "textgrid");
        assertEquals("textgrid", TranscribeArguments.parse(new String[] { "a.wav", "--format", "TextGrid" }, null, null, formats).format());
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.hark.core.cli.UsageException.class,
                () -> TranscribeArguments.parse(new String[] { "a.wav", "--format", "doc" }, null, null, formats));
        assertTrue(e.getMessage().contains("unknown format \"doc\": use txt, srt, vtt, json or textgrid"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(dev.hark.core.cli.UsageException.class,
                () -> TranscribeArguments.parse(new String[] { "a.wav", "--format", "textgrid" }, null, null));
    }
}
