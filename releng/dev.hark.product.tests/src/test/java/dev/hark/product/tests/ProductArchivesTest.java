package dev.hark.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archives `./mvnw verify` produced: present for every platform, and the Linux workbench really starts. */
class ProductArchivesTest {

    private static final List<String> PLATFORMS = List.of("linux.gtk.x86_64", "win32.win32.x86_64",
            "macosx.cocoa.x86_64", "macosx.cocoa.aarch64");
    private static final Path RELENG = Path.of(System.getProperty("hark.products", ".."));
    private static final String VERSION = System.getProperty("hark.version", "0.1.0-SNAPSHOT");
    private static Path unpacked;

    static Path archive(String product, String platform) {
        String ext = platform.startsWith("win32") ? ".zip" : ".tar.gz";
        return RELENG.resolve("dev.hark." + product + ".product/target/products/hark-" + product + "-" + VERSION + "-" + platform + ext);
    }

    @BeforeAll
    static void unpackLinuxWorkbench() throws Exception {
        unpacked = Files.createTempDirectory("hark-product-test");
        run(Duration.ofMinutes(2), List.of("tar", "xzf", archive("workbench", "linux.gtk.x86_64").toString(), "-C", unpacked.toString()));
    }

    @Test
    void everyPlatformHasAWorkbenchAndAServerArchive() throws IOException {
        for (String product : List.of("workbench", "server")) {
            for (String platform : PLATFORMS) {
                Path archive = archive(product, platform);
                assertTrue(Files.isRegularFile(archive), "missing " + archive);
                assertTrue(Files.size(archive) > 1_000_000, "suspiciously small " + archive);
            }
        }
    }

    @Test
    void windowsArchiveShipsTheCmdLauncher() throws IOException {
        try (ZipFile zip = new ZipFile(archive("workbench", "win32.win32.x86_64").toFile())) {
            assertTrue(zip.getEntry("hark-workbench/hark.cmd") != null, "no hark.cmd in the Windows archive");
            assertTrue(zip.stream().anyMatch(e -> e.getName().contains("org.eclipse.swt.win32.win32.x86_64")), "no Windows SWT");
        }
    }

    @Test
    void linuxLauncherIsExecutableAndNamesTheProduct() throws IOException {
        Path home = unpacked.resolve("hark-workbench");
        assertTrue(Files.isExecutable(home.resolve("hark")), "hark is not executable");
        assertTrue(Files.isRegularFile(home.resolve("find-jdk.sh")));
        String config = Files.readString(home.resolve("configuration/config.ini"));
        assertTrue(config.contains("eclipse.product=dev.hark.app.product"), config);
    }

    @Test
    void withoutADisplayTheLauncherSaysSoInOneLine(@TempDir Path data) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(unpacked.resolve("hark-workbench/hark").toString(), "-data", data.toString());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher hung without a display");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(3, p.exitValue(), out);
        assertEquals(1, out.lines().count(), "expected one line, got:\n" + out);
        assertTrue(out.contains("no display"), out);
    }

    /** The main window at its first size (a share of the screen), not the shell before SWT sized and placed it. */
    static boolean isMainWindowSized(String xwininfoLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)x(\\d+)\\+(-?\\d+)\\+(-?\\d+)").matcher(xwininfoLine);
        return m.find() && Integer.parseInt(m.group(1)) >= 600 && Integer.parseInt(m.group(2)) >= 400
                && Integer.parseInt(m.group(3)) > 0 && Integer.parseInt(m.group(4)) > 0;
    }

    @Test
    void linuxWorkbenchOpensTheHarkWindowUnderTheTestDisplay(@TempDir Path data) throws Exception {
        String display = System.getenv("DISPLAY");
        assertTrue(display != null && !display.isEmpty(), "needs a display: run through ./run-tests, which starts Xvfb");
        ProcessBuilder pb = new ProcessBuilder(unpacked.resolve("hark-workbench/hark").toString(), "-data", data.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(data.resolve("hark.log").toFile());
        Process hark = pb.start();
        try {
            String window = awaitMainWindow(hark);
            assertTrue(window != null, "no Hark main window appeared; launcher log:\n" + Files.readString(data.resolve("hark.log")));
            Thread.sleep(1500); // let it paint before the picture
            Path shots = Path.of(System.getProperty("hark.screenshots", "target/screenshots"));
            Files.createDirectories(shots);
            run(Duration.ofSeconds(30), List.of("import", "-window", "root", shots.resolve("product-window.png").toString()));
            assertTrue(Files.size(shots.resolve("product-window.png")) > 5_000);
        } finally {
            List<ProcessHandle> all = new ArrayList<>(hark.descendants().toList());
            all.add(hark.toHandle());
            all.forEach(ProcessHandle::destroy);
            if (!hark.waitFor(20, TimeUnit.SECONDS)) {
                all.forEach(ProcessHandle::destroyForcibly);
                hark.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The first line a starting {@code hark serve} prints, checked to say where it listens (its stderr on failure). */
    static String listeningLine(Process serve, Path stderr) throws Exception {
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String listening = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(90, TimeUnit.SECONDS);
        assertTrue(listening != null && listening.startsWith("Hark server listening on http://127.0.0.1:"),
                listening + "\n" + Files.readString(stderr));
        return listening;
    }

    @Test
    void harkServeListensOnAFreePortAndAnswers(@TempDir Path data) throws Exception {
        Process serve = new ProcessBuilder(unpacked.resolve("hark-workbench/hark").toString(), "serve", "--port", "0",
                "--data", data.toString()).redirectError(data.resolve("serve.err").toFile()).start();
        try {
            String listening = listeningLine(serve, data.resolve("serve.err"));
            String base = listening.substring("Hark server listening on ".length()).split(" ")[0];
            Thread.sleep(2_000); // time enough for a wrongly started embedded server to show up
            assertEquals(0, serve.descendants().count(), "hark serve must not start servers of its own: "
                    + serve.descendants().map(h -> h.info().commandLine().orElse("?")).toList());
            var http = java.net.http.HttpClient.newHttpClient();
            var health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"protocols\":[1,2]"), health.body());
            var models = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/models?include=engine")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertTrue(models.body().contains("\"en-us-digits\""), "the pocketsphinx engine runs in the product: " + models.body());
        } finally {
            serve.destroy(); // SIGTERM: Equinox stops the framework, the application closes the server
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
                throw new AssertionError("hark serve did not stop within 30 s of SIGTERM");
            }
        }
    }

    /** README's first command: the repository's ./hark runs the product this build made (no rebuild, no wrong folder). */
    @Test
    void theRepositoryLauncherRunsTheBuiltProduct(@TempDir Path data) throws Exception {
        Path launcher = Path.of("").toAbsolutePath().resolve("../../hark").normalize();
        assertTrue(Files.isExecutable(launcher), launcher.toString());
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve", "--port", "0", "--data", data.toString())
                .redirectError(data.resolve("serve.err").toFile());
        pb.environment().put("HARK_NO_BUILD", "1"); // a stale product fails here instead of building inside this build
        Process serve = pb.start();
        try {
            String listening = listeningLine(serve, data.resolve("serve.err"));
        } finally {
            List<ProcessHandle> all = new ArrayList<>(serve.descendants().toList());
            all.add(serve.toHandle());
            all.forEach(ProcessHandle::destroy);
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                all.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void harkServeRefusesAnOpenBindWithoutAToken() throws Exception {
        Process p = new ProcessBuilder(unpacked.resolve("hark-workbench/hark").toString(), "serve", "--host", "0.0.0.0")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.equals("hark serve: binding 0.0.0.0 exposes the server beyond this machine: give a --token")), out);
    }

    @Test
    void harkTranscribeRunsEndToEndFromTheArchive(@TempDir Path work) throws Exception {
        Path wav = work.resolve("weather.wav");
        run(Duration.ofSeconds(60), List.of("flite", "-voice", "slt", "-t", "the weather is nice today", "-o", wav.toString()));
        Process p = new ProcessBuilder(unpacked.resolve("hark-workbench/hark").toString(), "transcribe", wav.toString(),
                "--embedded", "--data", work.resolve("data").toString()).redirectError(work.resolve("err.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "hark transcribe hung");
        assertEquals(0, p.exitValue(), Files.readString(work.resolve("err.txt")));
        assertTrue(out.contains("weather"), "transcript: " + out + "\n" + Files.readString(work.resolve("err.txt")));

        Process bad = new ProcessBuilder(unpacked.resolve("hark-workbench/hark").toString(), "transcribe",
                work.resolve("missing.wav").toString()).redirectErrorStream(true).start();
        String said = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, bad.exitValue(), said);
        assertTrue(said.lines().anyMatch(l -> l.startsWith("hark transcribe: ") && l.endsWith("no such file")), said);
    }

    /**
     * The X window tree's line of the workbench's main window once it is open (polled for up to 90 s while
     * {@code hark} runs); null when it never opened.
     */
    static String awaitMainWindow(Process hark) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String window = null;
        while (window == null && System.nanoTime() < deadline && hark.isAlive()) {
            Thread.sleep(500);
            window = run(Duration.ofSeconds(20), List.of("xwininfo", "-root", "-tree")).lines()
                    .filter(l -> l.contains("(\"Hark\" \"Hark\")") && isMainWindowSized(l))
                    .findFirst().orElse(null);
        }
        return window;
    }

    private static String run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException(command + " exited " + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
