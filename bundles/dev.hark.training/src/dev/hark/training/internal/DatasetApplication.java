package dev.hark.training.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import dev.hark.protocol.rest.DatasetInfo;

import dev.hark.training.DatasetStore;
import dev.hark.training.data.SyntheticGenerator;

/**
 * {@code hark dataset generate|list}: dataset commands on a server data folder, without a running server
 * ({@link DatasetArguments} parses the command line). Exit codes: 0 done, 1 failed, 2 bad arguments.
 */
public final class DatasetApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        return run(args);
    }

    /** Runs the command; returns the exit code. */
    public static int run(String[] args) {
        DatasetArguments a;
        try {
            a = DatasetArguments.parse(args);
        } catch (dev.hark.core.cli.UsageException e) {
            (e.help() ? System.out : System.err).print(e.help() ? e.getMessage() : "hark dataset: " + e.getMessage() + System.lineSeparator());
            return e.help() ? 0 : 2;
        }
        String command = a.command();
        Path data = a.data();
        String name = a.name();
        int count = a.count();
        try {
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
                    if (!DatasetStore.validName(name)) {
                        throw new IllegalArgumentException("invalid dataset name \"" + name + "\"");
                    }
                    SyntheticGenerator.Options options = new SyntheticGenerator.Options(a.kind(), count, a.seed(), a.voices(), 2);
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
