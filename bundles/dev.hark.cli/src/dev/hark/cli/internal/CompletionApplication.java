package dev.hark.cli.internal;

import java.io.PrintStream;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hark completion}: prints a bash (and zsh, through bashcompinit) completion script for {@code hark}, made by
 * picocli's {@link AutoComplete} from the same declarations that parse the command lines. {@code transcribe}'s options
 * and values complete; {@code serve}, {@code dataset} and {@code completion} complete by name (their options live in
 * the server and training bundles: {@code hark serve --help}, {@code hark dataset --help}). Use:
 * {@code source <(hark completion)}, or save it to {@code /etc/bash_completion.d/hark}.
 */
public final class CompletionApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        return run(System.out);
    }

    static int run(PrintStream out) {
        out.print(script());
        out.flush();
        return 0;
    }

    /** The completion script for {@code hark} and its subcommands. */
    static String script() {
        CommandLine hark = new CommandLine(CommandSpec.create().name("hark"));
        hark.addSubcommand("transcribe", TranscribeArguments.commandLine());
        hark.addSubcommand("devices", new CommandLine(new DevicesApplication.Options()));
        hark.addSubcommand("runs", new CommandLine(new RunsApplication.Options()));
        hark.addSubcommand("evaluate", new CommandLine(new EvaluateApplication.Options()));
        for (String name : new String[] { "serve", "dataset", "plugins", "completion" }) {
            hark.addSubcommand(name, new CommandLine(CommandSpec.create().name(name)));
        }
        return AutoComplete.bash("hark", hark);
    }

    @Override
    public void stop() {
        // prints and returns
    }
}
