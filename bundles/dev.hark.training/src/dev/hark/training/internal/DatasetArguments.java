package dev.hark.training.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.hark.core.cli.CommandLines;
import dev.hark.core.cli.UsageException;
import dev.hark.training.data.SyntheticTexts;
import dev.hark.training.data.SyntheticVoice;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hark dataset generate|list ...}, parsed by picocli ({@link Dataset} and its subcommands declare the command
 * line; {@code --help} is generated from them). {@code command} is "generate" or "list"; generate's fields are
 * unset for list.
 */
record DatasetArguments(String command, Path data, SyntheticTexts kind, String name, int count, long seed,
        List<SyntheticVoice> voices) {

    @Command(name = "hark dataset", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class, usageHelpWidth = 110,
            description = "Dataset commands on a Hark server's data folder, without a running server.",
            subcommands = { Generate.class, ListDatasets.class },
            footer = { "", "Exit codes: 0 done, 1 failed, 2 bad arguments." })
    static final class Dataset {
    }

    static final class DataOption {
        @Option(names = "--data", paramLabel = "DIR", description = "the server's data folder (default ~/.hark/server)")
        Path data = Path.of(System.getProperty("user.home"), ".hark", "server");
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class, sortOptions = false,
            usageHelpWidth = 110,
            description = { "Builds a synthetic dataset offline with espeak-ng and flite (many voices, speeds, pitches)",
                    "into DIR/datasets/NAME (a manifest.jsonl of 16 kHz WAV files)." })
    static final class Generate {
        @Option(names = "--kind", required = true, paramLabel = "digits|commands|sentences", converter = KindConverter.class,
                completionCandidates = KindNames.class, description = "what the clips say")
        SyntheticTexts kind;

        @Option(names = "--count", required = true, paramLabel = "N", description = "how many clips")
        int count;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "the dataset's name")
        String name;

        @Mixin
        DataOption data = new DataOption();

        @Option(names = "--seed", paramLabel = "S", description = "random seed of texts and voices (default 42)")
        long seed = 42;

        @Option(names = "--voices", paramLabel = "V", split = ",",
                description = "voice ids such as espeak:en-us+m3 or flite:slt (default: all known voices)")
        List<String> voices = new ArrayList<>();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class, usageHelpWidth = 110,
            description = "Lists the datasets of the data folder: name, status, files, size and hours.")
    static final class ListDatasets {
        @Mixin
        DataOption data = new DataOption();
    }

    static final class KindConverter implements CommandLine.ITypeConverter<SyntheticTexts> {
        @Override
        public SyntheticTexts convert(String value) {
            try {
                return SyntheticTexts.byName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class KindNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        KindNames() {
            super(Arrays.stream(SyntheticTexts.values()).map(SyntheticTexts::id).toList());
        }
    }

    /** A fresh command line for {@code hark dataset} (also what {@code --help} and completion are made from). */
    static CommandLine commandLine() {
        return new CommandLine(new Dataset());
    }

    static DatasetArguments parse(String[] args) throws UsageException {
        CommandLine cl = commandLine();
        CommandLine.ParseResult last = CommandLines.parse(cl, args, "dataset");
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine asked = last.commandSpec().commandLine();
        Object command = asked.getCommand();
        if (command instanceof ListDatasets list) {
            return new DatasetArguments("list", list.data.data.toAbsolutePath(), null, null, 0, 0, List.of());
        }
        if (command instanceof Generate g) {
            if (g.count < 1) {
                throw new UsageException("--count must be at least 1, got " + g.count);
            }
            List<SyntheticVoice> voices = new ArrayList<>();
            try {
                for (String v : g.voices) {
                    if (!v.isBlank()) {
                        voices.add(SyntheticVoice.parse(v.strip()));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            return new DatasetArguments("generate", g.data.data.toAbsolutePath(), g.kind, g.name, g.count, g.seed, List.copyOf(voices));
        }
        throw new UsageException("give a command: generate or list (try --help)");
    }
}
