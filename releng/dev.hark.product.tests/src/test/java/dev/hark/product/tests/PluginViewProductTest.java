package dev.hark.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.datatransfer.DataFlavor;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample view plugin (examples/word-timings-view) end to end in the real product: built with its own build against
 * the SDK, dropped into the unpacked workbench's plugin folder, and driven like a user with the keyboard (the X server's
 * XTEST through {@link Robot}): a live session on the (virtual) microphone, the plugin's File &gt; Copy Word Timings (its
 * command, from its model fragment) read back from the X clipboard, then Window &gt; Word Timings (its part descriptor)
 * opened and screenshotted, and the part found in the workbench model the product saved when it quit.
 */
class PluginViewProductTest {

    private static final String VIEW_ID = "dev.hark.examples.wordtimes.view";

    @Test
    void theSampleViewOpensFromTheWindowMenuAndItsCommandCopiesTheWordsOfALiveSession(@TempDir Path tmp) throws Exception {
        String display = System.getenv("DISPLAY");
        assertTrue(display != null && !display.isEmpty(), "needs a display: run through ./run-tests, which starts Xvfb");
        assertTrue(System.getenv("PULSE_SERVER") != null, "needs the virtual microphone: run through ./run-tests (scripts/virtual-mic.sh)");
        Path viewJar = PluginsProductTest.buildSample("word-timings-view", "dev.hark.examples.wordtimes");
        Path unpacked = tmp.resolve("product");
        Files.createDirectories(unpacked);
        PluginsProductTest.run(Duration.ofMinutes(2), List.of("tar", "xzf", ProductArchivesTest.archive("workbench", "linux.gtk.x86_64").toString(),
                "-C", unpacked.toString()), Map.of(), null);
        Path home = unpacked.resolve("hark-workbench");
        Files.copy(viewJar, home.resolve("plugins-dropins").resolve(viewJar.getFileName()));

        Path speech = tmp.resolve("speech.wav");
        PluginsProductTest.run(Duration.ofSeconds(60), List.of("flite", "-voice", "slt", "-t", "the weather is nice today", "-o", speech.toString()),
                Map.of(), null);
        Path workspace = tmp.resolve("ws");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("hark").toString(), "-data", workspace.toString());
        pb.environment().putAll(PluginsProductTest.isolated());
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("hark.log").toFile());
        Process hark = pb.start();
        Path shots = Path.of(System.getProperty("hark.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        try {
            String window = ProductArchivesTest.awaitMainWindow(hark);
            assertTrue(window != null, "no Hark main window:\n" + Files.readString(tmp.resolve("hark.log")));
            Keys keys = new Keys(window);
            Thread.sleep(3_000);

            // Window > Live, then Start (the fifth control after the model field) on the default microphone
            keys.menu(KeyEvent.VK_W, KeyEvent.VK_DOWN);
            Thread.sleep(1_000);
            for (int i = 0; i < 5; i++) {
                keys.tap(KeyEvent.VK_TAB);
            }
            keys.tap(KeyEvent.VK_SPACE);

            // speak until the plugin's command copies timed words (the embedded server may still be starting)
            String copied = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (!copied.contains("\tweather\t") && System.nanoTime() < deadline) {
                Process play = new ProcessBuilder("paplay", "-d", System.getenv().getOrDefault("HARK_VIRTUAL_MIC_SINK", "hark_mic"),
                        speech.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                play.waitFor(30, TimeUnit.SECONDS);
                Thread.sleep(2_500); // the silence after it ends the utterance
                keys.menu(KeyEvent.VK_F, 0); // File > Copy Word Timings: the fragment puts it first
                Thread.sleep(500);
                copied = clipboard();
            }
            System.out.println("File > Copy Word Timings:\n" + copied);
            assertTrue(copied.startsWith("utterance\tword\tstart\tend\tduration_ms\tconfidence\n"), "the plugin's command copied its table: " + copied);
            Matcher row = Pattern.compile("(?m)^\\d+\\tweather\\t(\\d+\\.\\d{3})\\t(\\d+\\.\\d{3})\\t(\\d+)\\t").matcher(copied);
            assertTrue(row.find(), "a timed row for 'weather': " + copied);
            assertTrue(Double.parseDouble(row.group(2)) > Double.parseDouble(row.group(1)), "a word ends after it starts: " + row.group());

            // Window > Word Timings: the plugin's view, the last entry of the Window menu
            keys.menu(KeyEvent.VK_W, KeyEvent.VK_UP);
            Thread.sleep(2_000);
            PluginsProductTest.run(Duration.ofSeconds(30), List.of("import", "-window", "root", shots.resolve("plugin-view-word-timings.png").toString()),
                    Map.of(), null);

            keys.chord(KeyEvent.VK_CONTROL, KeyEvent.VK_Q);
            assertTrue(hark.waitFor(60, TimeUnit.SECONDS), "Ctrl+Q quits");
        } finally {
            stop(hark);
        }
        String log = Files.readString(tmp.resolve("hark.log"));
        assertTrue(!log.contains("dev.hark.examples.wordtimes") || !log.contains("does not work"), log);
        Path model;
        try (Stream<Path> s = Files.walk(workspace)) {
            model = s.filter(p -> p.getFileName().toString().equals("workbench.xmi")).findFirst().orElse(null);
        }
        assertTrue(model != null, "the workbench saved its model on Quit in " + workspace + ":\n" + log);
        String xmi = Files.readString(model);
        assertTrue(xmi.contains("<descriptors ") && xmi.contains("elementId=\"" + VIEW_ID + "\""), "the plugin's descriptor merged into the model");
        Matcher part = Pattern.compile("<children xsi:type=\"basic:Part\"[^>]*elementId=\"" + Pattern.quote(VIEW_ID) + "\"[^>]*>").matcher(xmi);
        assertTrue(part.find(), "a part (not only the descriptor) of the view in the saved model: Window > Word Timings opened it");
        assertTrue(!part.group().contains("toBeRendered=\"false\""), "the view was open when Hark quit: " + part.group());
    }

    /** The X clipboard's text, or "" when it holds none. */
    private static String clipboard() {
        try {
            Object data = Toolkit.getDefaultToolkit().getSystemClipboard().getData(DataFlavor.stringFlavor);
            return data == null ? "" : data.toString();
        } catch (Exception e) {
            return "";
        }
    }

    private static void stop(Process hark) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(hark.descendants().toList());
        all.add(hark.toHandle());
        all.forEach(ProcessHandle::destroy);
        if (!hark.waitFor(20, TimeUnit.SECONDS)) {
            all.forEach(ProcessHandle::destroyForcibly);
            hark.waitFor(10, TimeUnit.SECONDS);
        }
        all.forEach(ProcessHandle::destroyForcibly); // the embedded server, if it outlived its parent
    }

    /** Keys typed into the Hark window through XTEST (the pointer rests on the window: X focus follows it without a window manager). */
    static final class Keys {
        private final Robot robot;

        Keys(String xwininfoLine) throws Exception {
            robot = new Robot();
            robot.setAutoDelay(60);
            Matcher m = Pattern.compile("(\\d+)x(\\d+)\\+(-?\\d+)\\+(-?\\d+)").matcher(xwininfoLine);
            assertTrue(m.find(), xwininfoLine);
            int w = Integer.parseInt(m.group(1));
            int x = Integer.parseInt(m.group(3));
            int y = Integer.parseInt(m.group(4));
            robot.mouseMove(x + w / 2, y + 5); // on the window, away from any widget that could take the keys
            robot.waitForIdle();
        }

        void tap(int key) {
            robot.keyPress(key);
            robot.keyRelease(key);
        }

        void chord(int modifier, int key) {
            robot.keyPress(modifier);
            tap(key);
            robot.keyRelease(modifier);
        }

        /** Opens a menu by its mnemonic (Alt+letter), moves once with {@code move} (0: stays on the first item), chooses. */
        void menu(int mnemonic, int move) throws InterruptedException {
            chord(KeyEvent.VK_ALT, mnemonic);
            Thread.sleep(400);
            if (move != 0) {
                tap(move);
            }
            tap(KeyEvent.VK_ENTER);
        }
    }
}
