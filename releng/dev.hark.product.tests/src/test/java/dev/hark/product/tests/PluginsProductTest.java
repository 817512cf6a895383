package dev.hark.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins end to end: the sample exporter under examples/ is built with its own build against the SDK the Hark build
 * made, dropped into the unpacked products' plugin folder, and used; broken plugins are reported and Hark starts anyway.
 */
class PluginsProductTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path SDK = ProductArchivesTest.archive("workbench", "linux.gtk.x86_64").getParent().getParent().getParent()
            .resolve("../dev.hark.sdk/target/repository").normalize();
    private static Path work;
    private static Path exporterJar;
    private static Path engineJar;

    /** Builds examples/NAME with its own build (offline first), against the SDK only; returns its jar. */
    static Path buildSample(String name, String symbolicName) throws Exception {
        Path sample = ROOT.resolve("examples").resolve(name);
        List<String> build = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-ntp", "-q", "-f",
                sample.resolve("pom.xml").toString(), "package", "-Dhark.sdk=" + SDK.toUri()));
        build.add(1, "-o");
        Result r = run(Duration.ofMinutes(5), build, Map.of(), null);
        if (r.code != 0) { // offline may lack a Maven plugin the sample's build needs that Hark's did not: once online
            build.remove(1);
            r = run(Duration.ofMinutes(5), build, Map.of(), null);
        }
        assertEquals(0, r.code, "the sample's own build failed:\n" + r.out);
        try (Stream<Path> s = Files.list(sample.resolve("target"))) {
            return s.filter(p -> p.getFileName().toString().matches(Pattern.quote(symbolicName) + "-.*\\.jar")).findFirst().orElseThrow();
        }
    }

    @BeforeAll
    static void buildTheSampleAndUnpack() throws Exception {
        work = Files.createTempDirectory("hark-plugins-test");
        assertTrue(Files.isRegularFile(SDK.resolve("artifacts.xml")) || Files.isRegularFile(SDK.resolve("artifacts.jar")),
                "no SDK repository at " + SDK);
        exporterJar = buildSample("textgrid-exporter", "dev.hark.examples.textgrid");
        engineJar = buildSample("forward-engine", "dev.hark.examples.forward");
        for (String product : List.of("workbench", "server", "workbench-ui", "server-remote", "server-forward", "workbench-folders")) {
            Files.createDirectories(work.resolve(product));
            run(Duration.ofMinutes(2), List.of("tar", "xzf", ProductArchivesTest.archive(product.replaceAll("-.*", ""), "linux.gtk.x86_64").toString(), "-C",
                    work.resolve(product).toString()), Map.of(), null);
        }
    }

    /** The unpacked products go (each test stops the processes it started). */
    @org.junit.jupiter.api.AfterAll
    static void removeTheUnpackedProducts() throws IOException {
        if (work == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path home(String product) {
        return work.resolve(product).resolve("hark-" + product.replaceAll("-.*", ""));
    }

    @Test
    void theSampleExporterIsListedAndWritesATextGridWithWordAndSegmentTiers(@TempDir Path tmp) throws Exception {
        Path home = home("workbench");
        assertTrue(Files.isRegularFile(home.resolve("plugins-dropins/README.txt")), "the product ships its plugin folder");
        Files.copy(exporterJar, home.resolve("plugins-dropins").resolve(exporterJar.getFileName()));

        Result list = run(Duration.ofSeconds(90), List.of(home.resolve("hark").toString(), "plugins"), isolated(), null);
        assertEquals(0, list.code, list.out);
        assertTrue(list.out.lines().anyMatch(l -> l.startsWith("dev.hark.examples.textgrid ") && l.contains(" 1.0.0.")
                && (l.contains(" active ") || l.contains(" lazy "))), list.out);

        Path wav = tmp.resolve("weather.wav");
        run(Duration.ofSeconds(60), List.of("flite", "-voice", "slt", "-t", "the weather is nice today", "-o", wav.toString()), Map.of(), null);
        Path grid = tmp.resolve("weather.TextGrid");
        Result t = run(Duration.ofSeconds(180), List.of(home.resolve("hark").toString(), "transcribe", wav.toString(), "--embedded",
                "--data", tmp.resolve("data").toString(), "--format", "textgrid", "--out", grid.toString()), isolated(), null);
        assertEquals(0, t.code, t.out);
        TextGrid parsed = TextGrid.parse(Files.readString(grid));
        assertEquals(List.of("segments", "words"), parsed.tierNames(), Files.readString(grid));
        List<TextGrid.Interval> words = parsed.tiers().get(1).intervals();
        assertTrue(words.stream().anyMatch(i -> i.text().equals("weather")), "a word interval for 'weather': " + words);
        assertTrue(parsed.tiers().get(0).intervals().stream().anyMatch(i -> i.text().contains("weather")), parsed.toString());
        for (TextGrid.Tier tier : parsed.tiers()) {
            double at = 0;
            for (TextGrid.Interval i : tier.intervals()) {
                assertEquals(at, i.xmin(), 1e-9, "intervals of " + tier.name() + " tile the time without holes");
                assertTrue(i.xmax() > i.xmin(), "no empty interval in " + tier.name());
                at = i.xmax();
            }
            assertEquals(parsed.xmax(), at, 1e-9, tier.name() + " reaches the end");
        }

        Result labels = run(Duration.ofSeconds(180), List.of(home.resolve("hark").toString(), "transcribe", wav.toString(), "--embedded",
                "--data", tmp.resolve("data").toString(), "--format", "audacity-words"), isolated(), null);
        assertEquals(0, labels.code, labels.out);
        assertTrue(labels.out.lines().anyMatch(l -> l.matches("\\d+\\.\\d{6}\\t\\d+\\.\\d{6}\\tweather")), labels.out);

        // the plugin stayed installed across the three launches: FileInstall keeps one checksum file per plugin it
        // installed (in exclusive mode the simple configurator uninstalled it at each launch: a new one every time)
        try (Stream<Path> files = Files.walk(home.resolve("configuration/org.eclipse.osgi"), 3)) {
            List<Path> checksums = files.filter(p -> p.getFileName().toString().endsWith(".checksum")).toList();
            assertEquals(1, checksums.size(), "three launches with one plugin: " + checksums);
        }
    }

    /**
     * Plugins stay installed between launches; those of a folder turned off go (the framework would start them), and so
     * do those whose jar was deleted while Hark was not running.
     */
    @Test
    void aPluginOfAUserFolderTurnedOffIsNotRunAnyMore(@TempDir Path tmp) throws Exception {
        Path home = home("workbench-folders");
        Path mine = Files.createDirectories(tmp.resolve("my plugins"));
        Files.copy(exporterJar, mine.resolve(exporterJar.getFileName()));
        // with the exporter the format is taken and the missing file is what fails; without it, the format
        List<String> transcribe = List.of(home.resolve("hark").toString(), "transcribe", tmp.resolve("absent.wav").toString(),
                "--format", "textgrid");
        Result on = run(Duration.ofSeconds(90), transcribe, Map.of("HARK_USER_PLUGINS", mine.toString()), null);
        assertTrue(!on.out.contains("unknown format \"textgrid\"") && on.out.contains("absent.wav: no such file"),
                "the user's folder's exporter is there:\n" + on.out);
        Result again = run(Duration.ofSeconds(90), transcribe, Map.of("HARK_USER_PLUGINS", mine.toString()), null);
        assertTrue(!again.out.contains("unknown format \"textgrid\"") && again.out.contains("absent.wav: no such file"),
                "and at the next launch:\n" + again.out);

        Result off = run(Duration.ofSeconds(90), transcribe, isolated(), null);
        assertEquals(2, off.code, off.out);
        assertTrue(off.out.contains("unknown format \"textgrid\""), "the folder is off, so is its exporter:\n" + off.out);

        Result back = run(Duration.ofSeconds(90), transcribe, Map.of("HARK_USER_PLUGINS", mine.toString()), null);
        assertTrue(!back.out.contains("unknown format \"textgrid\"") && back.out.contains("absent.wav: no such file"),
                "the folder is on again:\n" + back.out);
        Files.delete(mine.resolve(exporterJar.getFileName())); // while Hark is not running: the folder is left empty
        Result gone = run(Duration.ofSeconds(90), transcribe, Map.of("HARK_USER_PLUGINS", mine.toString()), null);
        assertTrue(gone.out.contains("unknown format \"textgrid\""), "the jar is gone, so is its exporter:\n" + gone.out);
    }

    @Test
    void brokenPluginsAreReportedAndTheServerStartsAnyway(@TempDir Path tmp) throws Exception {
        Path home = home("server");
        Path dropins = home.resolve("plugins-dropins");
        jar(dropins.resolve("needs-missing.jar"), Map.of("Bundle-SymbolicName", "test.needs.missing", "Bundle-Version", "2.0.0",
                "Import-Package", "dev.hark.does.not.exist"), Map.of());
        jar(dropins.resolve("bad-version.jar"), Map.of("Bundle-SymbolicName", "test.bad.version", "Bundle-Version", "not-a-version"), Map.of());
        jar(dropins.resolve("plain.jar"), Map.of(), Map.of());
        jar(dropins.resolve("throws.jar"), Map.of("Bundle-SymbolicName", "test.throws", "Bundle-Version", "1.2.3",
                "Bundle-Activator", "test.throwing.Activator", "Import-Package", "org.osgi.framework"), throwingActivator(tmp, home));
        Files.copy(exporterJar, dropins.resolve(exporterJar.getFileName()));

        Result list = run(Duration.ofSeconds(90), List.of(home.resolve("hark-server").toString(), "plugins"), isolated(), null);
        assertEquals(1, list.code, "a broken plugin makes the exit code 1:\n" + list.out);
        String out = list.out;
        assertTrue(Pattern.compile("test\\.needs\\.missing\\s+2\\.0\\.0\\s+unresolved.*\\R\\s+.*Import-Package: dev\\.hark\\.does\\.not\\.exist").matcher(out).find(), out);
        assertTrue(Pattern.compile("test\\.throws\\s+1\\.2\\.3\\s+failed.*\\R\\s+its activator threw java\\.lang\\.IllegalStateException: the sample failure")
                .matcher(out).find(), out);
        assertTrue(Pattern.compile("test\\.bad\\.version\\s+not-a-version\\s+not installed.*\\R\\s+.*not-a-version").matcher(out).find(), out);
        assertTrue(Pattern.compile("plain\\.jar\\s+-\\s+not installed.*\\R\\s+not a plugin: its manifest has no Bundle-SymbolicName").matcher(out).find(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("dev.hark.examples.textgrid ") && (l.contains(" active ") || l.contains(" lazy "))),
                "the good plugin beside the broken ones works: " + out);

        Process serve = new ProcessBuilder(home.resolve("hark-server").toString(), "--port", "0", "--data", tmp.resolve("data").toString())
                .redirectError(tmp.resolve("serve.err").toFile()).start();
        try {
            String listening = ProductArchivesTest.listeningLine(serve, tmp.resolve("serve.err"));
            String base = listening.substring("Hark server listening on ".length()).split(" ")[0];
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "the server runs in spite of the broken plugins");
            String err = Files.readString(tmp.resolve("serve.err"));
            assertTrue(err.contains("hark: plugin " + dropins.resolve("throws.jar") + " (test.throws 1.2.3) does not work: its activator threw"),
                    "the log names the plugin and the reason:\n" + err);
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void theWorkbenchOpensWithABrokenPluginAndSaysSo(@TempDir Path tmp) throws Exception {
        String display = System.getenv("DISPLAY");
        assertTrue(display != null && !display.isEmpty(), "needs a display: run through ./run-tests, which starts Xvfb");
        Path home = home("workbench-ui");
        jar(home.resolve("plugins-dropins/throws.jar"), Map.of("Bundle-SymbolicName", "test.throws", "Bundle-Version", "1.2.3",
                "Bundle-Activator", "test.throwing.Activator", "Import-Package", "org.osgi.framework"), throwingActivator(tmp, home));
        ProcessBuilder pb = new ProcessBuilder(home.resolve("hark").toString(), "-data", tmp.resolve("ws").toString());
        pb.environment().putAll(isolated());
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("hark.log").toFile());
        Process hark = pb.start();
        try {
            String window = ProductArchivesTest.awaitMainWindow(hark);
            assertTrue(window != null, "no Hark main window with a broken plugin installed:\n" + Files.readString(tmp.resolve("hark.log")));
            Thread.sleep(7_000); // the status bar looks again 5 s after it opened
            Path shots = Path.of(System.getProperty("hark.screenshots", "target/screenshots"));
            Files.createDirectories(shots);
            run(Duration.ofSeconds(30), List.of("import", "-window", "root", shots.resolve("plugins-broken-status-bar.png").toString()), Map.of(), null);
            String log = Files.readString(tmp.resolve("hark.log"));
            assertTrue(log.contains("(test.throws 1.2.3) does not work: its activator threw java.lang.IllegalStateException: the sample failure"), log);
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

    @Test
    void theSampleEngineForwardsToAnotherServerAndItsModelsAppearInApiModels(@TempDir Path tmp) throws Exception {
        Process remote = new ProcessBuilder(home("server-remote").resolve("hark-server").toString(), "--port", "0", "--data",
                tmp.resolve("remote").toString()).redirectError(tmp.resolve("remote.err").toFile()).start();
        Process forward = null;
        try {
            String remoteBase = base(ProductArchivesTest.listeningLine(remote, tmp.resolve("remote.err")));
            Path home = home("server-forward");
            Files.copy(engineJar, home.resolve("plugins-dropins").resolve(engineJar.getFileName()));
            ProcessBuilder pb = new ProcessBuilder(home.resolve("hark-server").toString(), "--port", "0", "--data", tmp.resolve("forward").toString())
                    .redirectError(tmp.resolve("forward.err").toFile());
            pb.environment().putAll(isolated());
            pb.environment().put("HARK_FORWARD_SERVER", remoteBase);
            forward = pb.start();
            String base = base(ProductArchivesTest.listeningLine(forward, tmp.resolve("forward.err")));
            HttpClient http = HttpClient.newHttpClient();
            String models = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!models.contains("\"forward-en-us\"") && System.nanoTime() < deadline) { // the plugin starts beside the server
                models = http.send(HttpRequest.newBuilder(URI.create(base + "/api/models?include=engine")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Thread.sleep(500);
            }
            assertTrue(models.contains("\"forward-en-us\"") && models.contains("\"engine\":\"forward\""),
                    "the plugin's engine lists the other server's models: " + models + "\n" + Files.readString(tmp.resolve("forward.err")));

            Path wav = tmp.resolve("weather.wav");
            run(Duration.ofSeconds(60), List.of("flite", "-voice", "slt", "-t", "the weather is nice today", "-o", wav.toString()), Map.of(), null);
            String boundary = "b0undary";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"weather.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            var body = new java.io.ByteArrayOutputStream();
            body.writeBytes(head);
            body.writeBytes(Files.readAllBytes(wav));
            body.writeBytes(tail);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/inference?model_name=forward-en-us"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("weather"), "recognized by the other server through the plugin: " + r.body());
            assertTrue(r.body().contains("\"model_name\":\"forward-en-us\""), r.body());
        } finally {
            for (Process p : new Process[] { forward, remote }) {
                if (p != null) {
                    p.destroy();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }

    private static String base(String listeningLine) {
        return listeningLine.substring("Hark server listening on ".length()).split(" ")[0];
    }

    /** The user's own ~/.hark/plugins stays out of the test. */
    static Map<String, String> isolated() {
        return Map.of("HARK_USER_PLUGINS", "none");
    }

    /** A bundle activator whose start throws, compiled against the product's own OSGi framework jar. */
    private static Map<String, byte[]> throwingActivator(Path tmp, Path home) throws IOException {
        Path src = tmp.resolve("src/test/throwing/Activator.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package test.throwing;
                public class Activator implements org.osgi.framework.BundleActivator {
                    public void start(org.osgi.framework.BundleContext c) { throw new IllegalStateException("the sample failure"); }
                    public void stop(org.osgi.framework.BundleContext c) { }
                }
                """);
        Path osgi;
        try (Stream<Path> s = Files.list(home.resolve("plugins"))) {
            osgi = s.filter(p -> p.getFileName().toString().startsWith("org.eclipse.osgi_")).findFirst().orElseThrow();
        }
        Path classes = tmp.resolve("classes");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "21", "-cp", osgi.toString(), "-d",
                classes.toString(), src.toString());
        assertEquals(0, rc, "compiling the throwing activator");
        return Map.of("test/throwing/Activator.class", Files.readAllBytes(classes.resolve("test/throwing/Activator.class")));
    }

    private static void jar(Path file, Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (!headers.isEmpty()) {
            m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        }
        headers.forEach(m.getMainAttributes()::putValue);
        try (OutputStream o = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(o, m)) {
            for (var e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue());
                j.closeEntry();
            }
        }
    }

    record Result(int code, String out) {
    }

    static Result run(Duration timeout, List<String> command, Map<String, String> env, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        byte[][] out = new byte[1][];
        Thread reader = new Thread(() -> {
            try {
                out[0] = p.getInputStream().readAllBytes();
            } catch (IOException e) {
                out[0] = new byte[0];
            }
        }, "plugins-test-output");
        reader.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        reader.join(10_000);
        return new Result(p.exitValue(), new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8));
    }

    /** A reader of Praat's long TextGrid text format (interval tiers), as Praat writes it. */
    record TextGrid(double xmax, List<Tier> tiers) {

        record Interval(double xmin, double xmax, String text) {
        }

        record Tier(String name, List<Interval> intervals) {
        }

        List<String> tierNames() {
            return tiers.stream().map(Tier::name).toList();
        }

        private static final Pattern NUM = Pattern.compile("^\\s*(xmin|xmax) = ([0-9.eE+-]+)\\s*$");
        private static final Pattern TEXT = Pattern.compile("^\\s*(text|name) = \"((?:[^\"]|\"\")*)\"\\s*$");

        static TextGrid parse(String s) {
            List<String> lines = s.lines().toList();
            if (lines.size() < 2 || !lines.get(0).equals("File type = \"ooTextFile\"") || !lines.get(1).equals("Object class = \"TextGrid\"")) {
                throw new IllegalArgumentException("not a TextGrid");
            }
            double xmax = Double.NaN;
            List<Tier> tiers = new ArrayList<>();
            String tierName = null;
            List<Interval> intervals = null;
            Double ixmin = null;
            Double ixmax = null;
            for (String line : lines) {
                Matcher n = NUM.matcher(line);
                Matcher t = TEXT.matcher(line);
                if (line.matches("^\\s*item \\[\\d+\\]:\\s*$")) {
                    if (tierName != null) {
                        tiers.add(new Tier(tierName, intervals));
                    }
                    tierName = null;
                    intervals = new ArrayList<>();
                } else if (t.matches() && t.group(1).equals("name")) {
                    tierName = t.group(2).replace("\"\"", "\"");
                } else if (n.matches()) {
                    double v = Double.parseDouble(n.group(2));
                    if (intervals == null) {
                        if (n.group(1).equals("xmax")) {
                            xmax = v;
                        }
                    } else if (line.startsWith("            ")) {
                        if (n.group(1).equals("xmin")) {
                            ixmin = v;
                        } else {
                            ixmax = v;
                        }
                    }
                } else if (t.matches() && t.group(1).equals("text")) {
                    intervals.add(new Interval(ixmin, ixmax, t.group(2).replace("\"\"", "\"")));
                }
            }
            if (tierName != null) {
                tiers.add(new Tier(tierName, intervals));
            }
            return new TextGrid(xmax, tiers);
        }
    }
}
