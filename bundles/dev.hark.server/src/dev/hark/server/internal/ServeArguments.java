package dev.hark.server.internal;

import java.nio.file.Path;

import dev.hark.core.cli.CommandLines;
import dev.hark.core.cli.UsageException;
import dev.hark.server.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Parses {@code hark serve [--host H] [--port P] [--data DIR] [--token T]} into a {@link ServerConfig}, with picocli
 * ({@link Options} declares the command line; {@code --help} is generated from it).
 */
final class ServeArguments {

    @Command(name = "hark serve", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class, sortOptions = false,
            usageHelpWidth = 110, description = "Runs the headless Hark server (protocol v1 and v2 streaming, the REST API).",
            footer = { "", "Exit codes: 0 stopped, 1 could not start (e.g. port taken), 2 bad arguments." })
    static final class Options {
        @Option(names = "--host", paramLabel = "H",
                description = "address to bind (default " + ServerConfig.DEFAULT_HOST + "; anything else needs a token)")
        String host = ServerConfig.DEFAULT_HOST;

        @Option(names = "--port", paramLabel = "P",
                description = "TCP port (default " + ServerConfig.DEFAULT_PORT + "; 0 picks a free one and prints it)")
        int port = ServerConfig.DEFAULT_PORT;

        @Option(names = "--data", paramLabel = "DIR", description = "data folder for checkpoints and datasets (default ~/.hark/server)")
        Path data;

        @Option(names = "--token", paramLabel = "T", description = { "clients must send \"Authorization: Bearer T\" (or ?token=T);",
                "the HARK_SERVER_TOKEN environment variable works too and stays out of `ps`" })
        String token;

        @Option(names = "--max-streams", paramLabel = "N", description = { "recognition streams of one model that run at once;",
                "more get an immediate busy error (default: 2 per core, bounded by memory)" })
        int maxStreams = ServerConfig.AUTO_STREAMS;
    }

    private ServeArguments() {
    }

    /** A fresh command line for {@code hark serve} (also what {@code --help} and completion are made from). */
    static CommandLine commandLine() {
        return new CommandLine(new Options());
    }

    static ServerConfig parse(String[] args, String envToken) throws UsageException {
        CommandLine cl = commandLine();
        CommandLines.parse(cl, args, "serve");
        Options o = cl.getCommand();
        ServerConfig config;
        try {
            if (o.maxStreams < 0) {
                throw new IllegalArgumentException("--max-streams must be 1 or more (0 or absent: derived from the machine)");
            }
            config = ServerConfig.defaults().withHost(o.host).withPort(o.port).withMaxStreamsPerModel(o.maxStreams);
            if (o.data != null) {
                config = config.withDataDir(o.data.toAbsolutePath());
            }
            String token = o.token != null ? o.token : envToken;
            if (token != null && !token.isBlank()) {
                config = config.withToken(token);
            }
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return config;
    }
}
