package dev.hark.server.internal;

import java.nio.file.Path;

import dev.hark.server.ServerConfig;

/** Parses {@code hark serve [--host H] [--port P] [--data DIR] [--token T]} into a {@link ServerConfig}. */
final class ServeArguments {

    static final String USAGE = """
            usage: hark serve [--host H] [--port P] [--data DIR] [--token T]
              --host H    address to bind (default 127.0.0.1; anything else needs a token)
              --port P    TCP port (default 58081; 0 picks a free one and prints it)
              --data DIR  data folder for checkpoints and datasets (default ~/.hark/server)
              --token T   clients must send "Authorization: Bearer T" (or ?token=T);
                          the HARK_SERVER_TOKEN environment variable works too and stays out of `ps`""";

    /** Thrown for bad arguments; the message is one line for the user. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private ServeArguments() {
    }

    static ServerConfig parse(String[] args, String envToken) throws UsageException {
        ServerConfig config = ServerConfig.defaults();
        if (envToken != null && !envToken.isBlank()) {
            config = config.withToken(envToken);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "serve" -> {
                    // the subcommand name itself, when the launcher passes it through
                }
                case "--help", "-h" -> throw new UsageException(USAGE);
                case "--host" -> config = config.withHost(value(args, ++i, arg));
                case "--port" -> {
                    String v = value(args, ++i, arg);
                    try {
                        config = config.withPort(Integer.parseInt(v));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--port must be a number in 0..65535, got \"" + v + "\"");
                    }
                }
                case "--data" -> config = config.withDataDir(Path.of(value(args, ++i, arg)).toAbsolutePath());
                case "--token" -> config = config.withToken(value(args, ++i, arg));
                default -> throw new UsageException("unknown argument \"" + arg + "\" (try --help)");
            }
        }
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return config;
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
