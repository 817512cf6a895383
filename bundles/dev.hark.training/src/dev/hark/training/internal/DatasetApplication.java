package dev.hark.training.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import dev.hark.protocol.rest.DatasetInfo;

import dev.hark.training.DatasetStore;
import dev.hark.training.data.SyntheticGenerator;
import dev.hark.training.data.SyntheticTexts;
import dev.hark.training.data.SyntheticVoice;

/**
 * {@code hark dataset generate|list}: dataset commands on a server data folder, without a running server.
 * Exit codes: 0 done, 1 failed, 2 bad arguments.
 */
public final class DatasetApplication implements IApplication {

    static final String USAGE = """
            usage: hark dataset generate --kind digits|commands|sentences --count N --name NAME [--data DIR] [--seed S] [--voices V,V,...]
                   hark dataset list [--data DIR]
              generate  builds a synthetic dataset offline with espeak-ng and flite (many voices, speeds, pitches)
                        into DIR/datasets/NAME (a manifest.jsonl of 16 kHz WAV files)
              --voices  voice ids such as espeak:en-us+m3 or flite:slt (default: all known voices)
              --data    the server's data folder (default ~/.hark/server)""";

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        return run(args);
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (!a.isEmpty() && a.get(0).equals("dataset")) {
            a.remove(0);
        }
        if (a.isEmpty() || a.contains("--help") || a.contains("-h")) {
            System.out.println(USAGE);
            return a.isEmpty() ? 2 : 0;
        }
        String command = a.remove(0);
        Path data = Path.of(System.getProperty("user.home"), ".hark", "server");
        String kind = null, name = null;
        int count = -1;
        long seed = 42;
        List<SyntheticVoice> voices = new ArrayList<>();
        try {
            for (int i = 0; i < a.size(); i++) {
                String opt = a.get(i);
                String value = i + 1 < a.size() ? a.get(i + 1) : null;
                if (value == null || value.startsWith("--")) {
                    throw new IllegalArgumentException(opt + " needs a value");
                }
                i++;
                switch (opt) {
                    case "--data" -> data = Path.of(value).toAbsolutePath();
                    case "--kind" -> kind = value;
                    case "--name" -> name = value;
                    case "--count" -> count = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--voices" -> {
                        for (String v : value.split(",")) {
                            if (!v.isBlank()) {
                                voices.add(SyntheticVoice.parse(v.strip()));
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + opt);
                }
            }
            switch (command) {
                case "list" -> {
                    DatasetStore store = new DatasetStore(data, m -> {
                    });
                    for (DatasetInfo d : store.list()) {
                        System.out.printf("%-24s %-15s %6d files %9.2f MB %8.3f h%n", d.name(), d.status(), d.numFiles(), d.sizeMb(),
                                d.hours());
                    }
                    return 0;
                }
                case "generate" -> {
                    if (kind == null || name == null || count < 1) {
                        throw new IllegalArgumentException("generate needs --kind, --count and --name");
                    }
                    if (!DatasetStore.validName(name)) {
                        throw new IllegalArgumentException("invalid dataset name \"" + name + "\"");
                    }
                    SyntheticGenerator.Options options = new SyntheticGenerator.Options(SyntheticTexts.byName(kind), count, seed, voices, 2);
                    Path target = data.resolve("datasets").resolve(name);
                    int total = count;
                    long began = System.nanoTime();
                    SyntheticGenerator.Result r = SyntheticGenerator.generate(target, options, done -> {
                        if (done == total || done % Math.max(1, total / 20) == 0) {
                            System.out.println("generated " + done + " of " + total);
                        }
                    });
                    System.out.printf("dataset %s: %d clips, %.1f min of audio, %d failed, in %.1f s -> %s%n", name, r.clips(), r.seconds() / 60,
                            r.failed(), (System.nanoTime() - began) / 1e9, target);
                    r.problems().stream().limit(5).forEach(p -> System.out.println("  skipped: " + p));
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown command \"" + command + "\" (generate or list)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("hark dataset: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("hark dataset: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    @Override
    public void stop() {
        // commands are short; nothing to interrupt
    }
}
