package dev.hark.cli.internal;

import java.io.PrintStream;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

import dev.hark.core.cli.CommandLines;
import dev.hark.core.cli.UsageException;
import dev.hark.audio.AudioDevices;
import dev.hark.audio.InputDevice;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hark devices}: the capture devices Hark can record from (what {@code hark transcribe --mic --device NAME}
 * and the workbench's Live view offer), each with the formats it captures. Exit code 0 when there is at least
 * one, 3 when there is none (with the reason on standard error), 2 for bad arguments.
 */
public final class DevicesApplication implements IApplication {

    static final int NO_DEVICE = 3;

    @Command(name = "hark devices", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class,
            description = "Lists the audio capture devices (microphones) with the formats each captures.",
            footer = { "", "Use a name (or part of it) with: hark transcribe --mic --device NAME.",
                    "Exit codes: 0 devices listed, 2 bad arguments, 3 no capture device." })
    static final class Options {
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLines.parse(new CommandLine(new Options()), args, "devices");
        } catch (UsageException e) {
            if (e.help()) {
                out.print(e.getMessage());
                return TranscribeApplication.OK;
            }
            err.println("hark devices: " + e.getMessage());
            return TranscribeApplication.USAGE;
        }
        List<InputDevice> devices = AudioDevices.list();
        if (devices.isEmpty()) {
            err.println("hark devices: no audio capture device on this machine"
                    + " (Java Sound sees none; on Linux: is ALSA or PulseAudio set up with an input?)");
            return NO_DEVICE;
        }
        out.print(format(devices));
        out.flush();
        return TranscribeApplication.OK;
    }

    /** One block per device: its name, its description, then its formats indented. The first is the system's default. */
    static String format(List<InputDevice> devices) {
        StringBuilder b = new StringBuilder();
        for (InputDevice d : devices) {
            b.append(d.name());
            if (d.description() != null && !d.description().isBlank() && !d.description().equals(d.name())) {
                b.append("  (").append(d.description()).append(')');
            }
            b.append(System.lineSeparator());
            for (String f : d.formats()) {
                b.append("    ").append(f).append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    @Override
    public void stop() {
        // lists and returns
    }
}
