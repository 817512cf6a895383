package dev.hark.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' microphone: the PulseAudio null sink that {@code scripts/virtual-mic.sh start} (run by
 * {@code ./run-tests}) made the default capture device. What is played into it ({@link #play}) is what
 * Java Sound's default line hears. The daemon and ALSA are found through the environment the script
 * exports ({@code PULSE_SERVER}, {@code ALSA_CONFIG_PATH}, {@code HARK_VIRTUAL_MIC_SINK}); without it the
 * tests fail with how to get it, they never skip.
 */
public final class VirtualMicrophone {

    private final String sink;
    /** scripts/virtual-mic.sh, for crashing and restarting the daemon (null if the environment does not say). */
    private final String script;

    private VirtualMicrophone(String sink, String script) {
        this.sink = sink;
        this.script = script;
    }

    /** The running virtual microphone, or an {@link IllegalStateException} saying how to start one. */
    public static VirtualMicrophone require() throws IOException {
        String sink = System.getenv("HARK_VIRTUAL_MIC_SINK");
        if (System.getenv("PULSE_SERVER") == null || sink == null) {
            throw new IllegalStateException("no virtual microphone: run the tests through ./run-tests, or first "
                    + "eval \"$(scripts/virtual-mic.sh start)\" in the shell that runs Maven");
        }
        VirtualMicrophone mic = new VirtualMicrophone(sink, System.getenv("HARK_VIRTUAL_MIC_SCRIPT"));
        mic.ensureRunning();
        String info = run(List.of("pactl", "info"));
        if (!info.contains("Default Source: " + sink + ".monitor")) {
            mic.plug(); // a previous test left it unplugged
        }
        return mic;
    }

    /** The PulseAudio sink the microphone hears ("hark_mic"). */
    public String sink() {
        return sink;
    }

    /** The PulseAudio source Java Sound's default line captures ("hark_mic.monitor"). */
    public String source() {
        return sink + ".monitor";
    }

    /** Starts playing {@code wav} into the microphone; {@link Playback#close()} stops it if still playing. */
    public Playback play(Path wav) throws IOException {
        Process p = new ProcessBuilder("paplay", "-d", sink, wav.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Playback(p);
    }

    /** Removes the device (the null sink and with it its monitor source): a pulled plug. */
    public void unplug() throws IOException {
        run(List.of("pactl", "unload-module", "module-null-sink"));
    }

    /** Puts the device back as the default source (after {@link #unplug()}). */
    public void plug() throws IOException {
        if (!run(List.of("pactl", "list", "short", "sinks")).contains(sink)) {
            run(List.of("pactl", "load-module", "module-null-sink", "sink_name=" + sink, "rate=48000", "channels=2"));
        }
        run(List.of("pactl", "set-default-sink", sink));
        run(List.of("pactl", "set-default-source", source()));
    }

    /** Kills the PulseAudio daemon (SIGKILL), as a crash would; {@link #ensureRunning()} brings it back. */
    public void crash() throws IOException {
        run(List.of(script(), "crash"));
    }

    /** Starts the daemon again in the same place (same socket, so clients find it) if it is not running. */
    public void ensureRunning() throws IOException {
        if (script != null && !run(List.of(script, "status"), true).startsWith("running")) {
            run(List.of(script, "start"));
        }
    }

    private String script() {
        if (script == null) {
            throw new IllegalStateException("HARK_VIRTUAL_MIC_SCRIPT is not set: start the device with scripts/virtual-mic.sh");
        }
        return script;
    }

    /** A {@code paplay} under way. */
    public static final class Playback implements AutoCloseable {
        private final Process process;

        Playback(Process process) {
            this.process = process;
        }

        /** Waits until everything was played; fails if paplay failed or took longer than {@code seconds}. */
        public void await(double seconds) throws IOException, InterruptedException {
            if (!process.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS)) {
                throw new IOException("paplay still playing after " + seconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("paplay failed with exit code " + process.exitValue());
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String run(List<String> command) throws IOException {
        return run(command, false);
    }

    private static String run(List<String> command, boolean mayFail) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 && !mayFail) {
                throw new IOException(command + " failed: " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
