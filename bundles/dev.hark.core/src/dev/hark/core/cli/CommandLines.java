package dev.hark.core.cli;

import java.util.Arrays;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import picocli.CommandLine;

/**
 * How every Hark command (`hark transcribe`, `serve`, `dataset`, `devices`, ...) reads its arguments with picocli:
 * the launcher's subcommand word is dropped, bad arguments become one line ending "(try --help)", and
 * {@code --help}/{@code --version} become text for standard output.
 */
public final class CommandLines {

    private CommandLines() {
    }

    /**
     * Parses {@code args} into {@code cl}'s options.
     *
     * @param subcommand the word the launcher may pass first (e.g. "serve"), dropped if present
     * @return the parse result (for commands with subcommands)
     * @throws UsageException bad arguments, or help/version asked for (of the innermost command named)
     */
    public static CommandLine.ParseResult parse(CommandLine cl, String[] args, String subcommand) throws UsageException {
        String[] rest = args.length > 0 && args[0].equals(subcommand) ? Arrays.copyOfRange(args, 1, args.length) : args;
        CommandLine.ParseResult result;
        try {
            result = cl.parseArgs(rest);
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage() + " (try --help)");
        }
        CommandLine asked = cl;
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            asked = r.commandSpec().commandLine();
            if (asked.isUsageHelpRequested()) {
                throw new UsageException(asked.getUsageMessage(CommandLine.Help.Ansi.OFF), true);
            }
            if (asked.isVersionHelpRequested()) {
                throw new UsageException(version(asked.getCommandSpec().qualifiedName()) + System.lineSeparator(), true);
            }
        }
        return result;
    }

    /** {@code name version}, the version being this installation's (the core bundle's). */
    public static String version(String commandName) {
        Bundle b = FrameworkUtil.getBundle(CommandLines.class);
        return commandName + " " + (b == null ? "(version unknown)" : b.getVersion().toString());
    }

    /** The version provider the commands name in {@code @Command(versionProvider = ...)}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] { version("hark") };
        }
    }
}
