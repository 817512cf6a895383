package dev.hark.cli.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import dev.hark.core.cli.CommandLines;
import dev.hark.core.cli.UsageException;
import dev.hark.core.transcript.TranscriptExporters;
import dev.hark.transport.ClientSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hark transcribe FILE... [--server URL | --embedded] [--model NAME] [--realtime] [--format F] [--out FILE]},
 * or {@code hark transcribe --mic [--device NAME] [--seconds N] [...]} for the microphone, parsed by picocli ({@link Options} declares the command line; {@code --help} is generated from it).
 */
record TranscribeArguments(List<Path> files, URI server, boolean embedded, Path data, String model, boolean realtime,
        String format, Path out, ClientSettings.Protocol protocol, String token, boolean mic, String device,
        Double seconds, java.time.Duration endWait) {

    static final String DEFAULT_SERVER = "http://127.0.0.1:58081";

    /** The command line as picocli sees it. */
    @Command(name = "hark transcribe", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class, sortOptions = false,
            usageHelpWidth = 110,
            description = "Transcribes audio files (WAV, AIFF or AU), or the microphone (--mic), through a Hark or asr-test "
                    + "server, as the workbench's Live view does. `hark devices` lists the microphones.",
            footer = { "", "Progress goes to standard error. Exit codes: 0 done, 1 a transcription failed, 2 bad arguments,",
                    "3 a file or the microphone cannot be read, 4 the server cannot be reached or refused the session." })
    static final class Options {
        @Parameters(paramLabel = "FILE", arity = "0..*", description = "audio files to transcribe (or --mic)")
        List<Path> files = new ArrayList<>();

        @Option(names = "--mic", description = "transcribe the microphone instead of files, until --seconds or Ctrl+C")
        boolean mic;

        @Option(names = "--device", paramLabel = "NAME",
                description = "with --mic: the capture device (a name from `hark devices`, or part of it; default: the system's)")
        String device;

        @Option(names = "--seconds", paramLabel = "N", description = "with --mic: stop after N seconds (default: at Ctrl+C)")
        Double seconds;

        @Option(names = "--server", paramLabel = "URL",
                description = "a Hark or asr-test server (default $HARK_SERVER or " + DEFAULT_SERVER + ")")
        String server;

        @Option(names = "--embedded", description = "start a Hark server inside this process instead (models from --data DIR)")
        boolean embedded;

        @Option(names = "--data", paramLabel = "DIR", description = "the embedded server's data folder (default ~/.hark/server)")
        Path data;

        @Option(names = "--model", paramLabel = "NAME", description = "model to use (default: the server's default)")
        String model;

        @Option(names = "--realtime",
                description = "play the files at real time, as a microphone would (default: as fast as the server takes them)")
        boolean realtime;

        @Option(names = "--format", paramLabel = "txt|srt|vtt|json", completionCandidates = FormatNames.class,
                description = "output format (default txt; plugins add more: see hark plugins)")
        String format = "txt";

        @Option(names = "--out", paramLabel = "FILE",
                description = "write there instead of standard output (a folder when several files are given)")
        Path out;

        @Option(names = "--protocol", paramLabel = "auto|v1|v2", converter = ProtocolConverter.class,
                completionCandidates = ProtocolNames.class, description = "auto (v2 if the server has it), v1 or v2 (default auto)")
        ClientSettings.Protocol protocol = ClientSettings.Protocol.AUTO;

        @Option(names = "--token", paramLabel = "T",
                description = "the server's token (default $HARK_SERVER_TOKEN, which stays out of `ps`)")
        String token;

        @Option(names = "--end-wait", paramLabel = "SECONDS",
                description = "how long the server may take to send its last result after the audio ended (or after its last result since; default 30)")
        Double endWait;
    }

    static final class ProtocolConverter implements CommandLine.ITypeConverter<ClientSettings.Protocol> {
        @Override
        public ClientSettings.Protocol convert(String value) {
            try {
                return ClientSettings.Protocol.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FormatNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        FormatNames() {
            super(List.of("txt", "srt", "vtt", "json"));
        }
    }

    static final class ProtocolNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ProtocolNames() {
            super(List.of("auto", "v1", "v2"));
        }
    }

    /** A fresh command line for {@code hark transcribe} (also what {@code --help} and completion are made from). */
    static CommandLine commandLine() {
        return new CommandLine(new Options());
    }

    static TranscribeArguments parse(String[] args, String envServer, String envToken) throws UsageException {
        return parse(args, envServer, envToken, TranscriptExporters.byFormat(TranscriptExporters.builtIns()).keySet());
    }

    /** @param formats the format names the registered exporters offer (Hark's own and the plugins') */
    static TranscribeArguments parse(String[] args, String envServer, String envToken, Collection<String> formats) throws UsageException {
        CommandLine cl = commandLine();
        CommandLines.parse(cl, args, "transcribe");
        Options o = cl.getCommand();
        if (o.mic && !o.files.isEmpty()) {
            throw new UsageException("give audio FILEs or --mic, not both");
        }
        if (!o.mic && o.files.isEmpty()) {
            throw new UsageException("give audio FILEs to transcribe, or --mic (try --help)");
        }
        if (!o.mic && (o.device != null || o.seconds != null)) {
            throw new UsageException((o.device != null ? "--device" : "--seconds") + " goes with --mic");
        }
        if (o.seconds != null && !(o.seconds > 0 && o.seconds < 1e6)) {
            throw new UsageException("--seconds must be a positive number of seconds");
        }
        if (o.mic && o.realtime) {
            throw new UsageException("--realtime is for files (a microphone is real time)");
        }
        if (o.embedded && o.server != null) {
            throw new UsageException("--server and --embedded exclude each other");
        }
        if (o.endWait != null && !(o.endWait > 0 && o.endWait < 1e6)) {
            throw new UsageException("--end-wait must be a positive number of seconds");
        }
        String format = o.format.toLowerCase(Locale.ROOT);
        if (!formats.contains(format)) {
            throw new UsageException("Invalid value for option '--format': unknown format \"" + o.format + "\": use "
                    + TranscriptExporters.names(formats) + " (try --help)");
        }
        URI uri;
        try {
            uri = URI.create(o.server != null ? o.server : envServer != null && !envServer.isBlank() ? envServer : DEFAULT_SERVER);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server must be a URL like http://127.0.0.1:58081: " + e.getMessage());
        }
        return new TranscribeArguments(List.copyOf(o.files), uri, o.embedded, o.data, o.model, o.realtime, format, o.out, o.protocol,
                o.token != null ? o.token : envToken, o.mic, o.device, o.seconds,
                o.endWait == null ? null : java.time.Duration.ofMillis(Math.round(o.endWait * 1000)));
    }

}
