package dev.hark.cli.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.hark.core.transcript.TranscriptExport;
import dev.hark.transport.ClientSettings;

/** {@code hark transcribe FILE... [--server URL | --embedded] [--model NAME] [--realtime] [--format F] [--out FILE]}. */
record TranscribeArguments(List<Path> files, URI server, boolean embedded, Path data, String model, boolean realtime,
        TranscriptExport.Format format, Path out, ClientSettings.Protocol protocol, String token) {

    static final String DEFAULT_SERVER = "http://127.0.0.1:58081";

    static final String USAGE = """
            usage: hark transcribe FILE... [--server URL | --embedded] [--model NAME] [--realtime]
                                   [--format txt|srt|vtt|json] [--out FILE] [--protocol auto|v1|v2] [--token T]
              --server URL   a Hark or asr-test server (default $HARK_SERVER or %s)
              --embedded     start a Hark server inside this process instead (models from --data DIR)
              --model NAME   model to use (default: the server's default)
              --realtime     play the files at real time, as a microphone would (default: as fast as the server takes them)
              --format F     output format (default txt)
              --out FILE     write there instead of standard output (a folder when several files are given)
              --protocol P   auto (v2 if the server has it), v1 or v2
            Progress goes to standard error. Exit codes: 0 done, 1 a transcription failed, 2 bad arguments,
            3 a file cannot be read, 4 the server cannot be reached or refused the session.""".formatted(DEFAULT_SERVER);

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static TranscribeArguments parse(String[] args, String envServer, String envToken) throws UsageException {
        List<Path> files = new ArrayList<>();
        String server = null;
        boolean embedded = false;
        Path data = null;
        String model = null;
        boolean realtime = false;
        TranscriptExport.Format format = TranscriptExport.Format.TXT;
        Path out = null;
        ClientSettings.Protocol protocol = ClientSettings.Protocol.AUTO;
        String token = envToken;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "transcribe" -> {
                    // the subcommand itself, when the launcher passes it through
                }
                case "-h", "--help" -> throw new UsageException(USAGE);
                case "--server" -> server = value(args, ++i, a);
                case "--embedded" -> embedded = true;
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--model" -> model = value(args, ++i, a);
                case "--realtime" -> realtime = true;
                case "--format" -> {
                    try {
                        format = TranscriptExport.Format.parse(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--protocol" -> {
                    try {
                        protocol = ClientSettings.Protocol.parse(value(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                case "--token" -> token = value(args, ++i, a);
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option \"" + a + "\" (try --help)");
                    }
                    files.add(Path.of(a));
                }
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("give at least one audio file (try --help)");
        }
        if (embedded && server != null) {
            throw new UsageException("--server and --embedded exclude each other");
        }
        URI uri;
        try {
            uri = URI.create(server != null ? server : envServer != null && !envServer.isBlank() ? envServer : DEFAULT_SERVER);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server must be a URL like http://127.0.0.1:58081: " + e.getMessage());
        }
        return new TranscribeArguments(List.copyOf(files), uri, embedded, data, model, realtime, format, out, protocol, token);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
