package dev.hark.training.data;

import dev.hark.training.dataset.DatasetLayout;
import dev.hark.training.dataset.DatasetReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** Downloads from a JDK HTTP server on the loopback interface, and extraction of the archive formats. */
class ArchiveDownloadTest {

    static HttpServer server;
    static ExecutorService executor;
    static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    /** Paths answered without a content length (chunked). */
    static final String CHUNKED = "/chunked/";

    @TempDir
    Path dir;

    final List<String> progress = new CopyOnWriteArrayList<>();
    final ArchiveDownload.Listener listener = (phase, done, total) -> progress.add(phase + " " + done + "/" + total);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "archive-download-test-http"));
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean chunked = path.startsWith(CHUNKED);
            byte[] body = FILES.get(chunked ? "/" + path.substring(CHUNKED.length()) : path);
            try (exchange) {
                if (path.equals("/truncated")) {
                    exchange.sendResponseHeaders(200, 1000);
                    exchange.getResponseBody().write(new byte[10]);
                    exchange.getResponseBody().flush();
                    return; // closes the exchange with 990 bytes owed
                }
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    static URI url(String path) {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + path);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // ------------------------------------------------------------------ archives

    record Entry(String name, String content) {
        static Entry dir(String name) {
            return new Entry(name, null);
        }
    }

    static byte[] tar(OutputStreamWrapper compressor, Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compressor.wrap(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                if (e.content() == null) {
                    tar.putArchiveEntry(new TarArchiveEntry(e.name()));
                } else if (e.content().startsWith("->") || e.content().startsWith("=>")) {
                    TarArchiveEntry link = new TarArchiveEntry(e.name(), e.content().startsWith("->") ? TarArchiveEntry.LF_SYMLINK
                            : TarArchiveEntry.LF_LINK);
                    link.setLinkName(e.content().substring(2));
                    tar.putArchiveEntry(link);
                } else if (e.content().equals("fifo") || e.content().equals("chr")) {
                    tar.putArchiveEntry(new TarArchiveEntry(e.name(), e.content().equals("fifo") ? TarArchiveEntry.LF_FIFO : TarArchiveEntry.LF_CHR));
                } else {
                    byte[] data = e.content().getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry t = new TarArchiveEntry(e.name());
                    t.setSize(data.length);
                    tar.putArchiveEntry(t);
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    interface OutputStreamWrapper {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    static byte[] tarGz(Entry... entries) throws IOException {
        return tar(GzipCompressorOutputStream::new, entries);
    }

    static byte[] zip(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Entry e : entries) {
                zip.putNextEntry(new ZipEntry(e.name()));
                if (e.content() != null) {
                    zip.write(e.content().getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static final Entry[] DATASET = { Entry.dir("set/"), Entry.dir("set/wavs/"), new Entry("set/metadata.csv", "a|hello\n"),
            new Entry("set/wavs/a.wav", "RIFF....WAVE"), new Entry("set/deep/er/note.txt", "parents are made") };

    List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    Path archive(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("archive.bin"), bytes);
    }

    Path target() throws IOException {
        return Files.createDirectories(dir.resolve("target"));
    }

    // ------------------------------------------------------------------ download

    @Test
    void downloadsWithTheChecksumOfWhatArrived() throws Exception {
        byte[] body = tarGz(DATASET);
        FILES.put("/set.tar.gz", body);
        Path file = dir.resolve("set.tar.gz");
        String sha = ArchiveDownload.download(url("/set.tar.gz"), file, listener);
        assertEquals(sha256(body), sha, "the configured checksum matches");
        assertTrue(java.util.Arrays.equals(body, Files.readAllBytes(file)));
        assertEquals("download " + body.length + "/" + body.length, progress.get(progress.size() - 1));
    }

    @Test
    void aTamperedDownloadHasAnotherChecksum() throws Exception {
        byte[] body = tarGz(DATASET);
        String expected = sha256(body);
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;
        FILES.put("/tampered.tar.gz", tampered);
        String sha = ArchiveDownload.download(url("/tampered.tar.gz"), dir.resolve("t.tar.gz"), listener);
        assertNotEquals(expected, sha, "DatasetStore compares and refuses the mismatch");
        assertEquals(sha256(tampered), sha);
    }

    @Test
    void withoutContentLengthTheTotalIsWhatArrived() throws Exception {
        byte[] body = new byte[300_000];
        new java.util.Random(1).nextBytes(body);
        FILES.put("/blob", body);
        ArchiveDownload.download(url(CHUNKED + "blob"), dir.resolve("blob"), listener);
        assertEquals("download 300000/300000", progress.get(progress.size() - 1));
        for (String p : progress.subList(0, progress.size() - 1)) {
            assertTrue(p.endsWith("/-1"), "an unknown total while it runs: " + p);
        }
        assertEquals(300_000, Files.size(dir.resolve("blob")));
    }

    @Test
    void httpErrorsAndShortBodiesFail() {
        IOException notFound = assertThrows(IOException.class, () -> ArchiveDownload.download(url("/nothing-here"), dir.resolve("x"), listener));
        assertTrue(notFound.getMessage().contains("HTTP 404"), notFound.getMessage());
        assertThrows(IOException.class, () -> ArchiveDownload.download(url("/truncated"), dir.resolve("y"), listener));
    }

    // ------------------------------------------------------------------ extraction

    @Test
    void extractsTarGz() throws IOException {
        Path target = target();
        int n = ArchiveDownload.extract(archive(tarGz(DATASET)), target, listener);
        assertEquals(3, n);
        assertEquals(List.of("set/deep/er/note.txt", "set/metadata.csv", "set/wavs/a.wav"), files(target));
        assertEquals("a|hello\n", Files.readString(target.resolve("set/metadata.csv")));
        long size = Files.size(dir.resolve("archive.bin"));
        assertEquals("extract " + size + "/" + size, progress.get(progress.size() - 1));
    }

    @Test
    void extractsTarBz2() throws IOException {
        Path target = target();
        assertEquals(3, ArchiveDownload.extract(archive(tar(BZip2CompressorOutputStream::new, DATASET)), target, listener));
        assertEquals(List.of("set/deep/er/note.txt", "set/metadata.csv", "set/wavs/a.wav"), files(target));
    }

    @Test
    void extractsZip() throws IOException {
        Path target = target();
        assertEquals(3, ArchiveDownload.extract(archive(zip(DATASET)), target, listener));
        assertEquals(List.of("set/deep/er/note.txt", "set/metadata.csv", "set/wavs/a.wav"), files(target));
        assertEquals("parents are made", Files.readString(target.resolve("set/deep/er/note.txt")));
    }

    @Test
    void tarEntriesEscapingTheTargetAndLinksAreRefused() throws IOException {
        Path target = target();
        int n = ArchiveDownload.extract(archive(tarGz(new Entry("../evil.txt", "x"), new Entry("set/../../evil2.txt", "x"),
                new Entry("set/link", "->/etc/passwd"), new Entry("set/up", "->../.."), new Entry("set/hard", "=>set/ok.txt"),
                new Entry("set/fifo", "fifo"), new Entry("set/tty", "chr"), new Entry("./", null), new Entry("set/ok.txt", "ok"))),
                target, listener);
        assertEquals(List.of("set/ok.txt"), files(target));
        assertEquals(1, n);
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        assertFalse(Files.exists(dir.resolve("evil2.txt")));
        for (String skipped : new String[] { "set/link", "set/up", "set/hard", "set/fifo", "set/tty" }) {
            assertFalse(Files.exists(target.resolve(skipped), java.nio.file.LinkOption.NOFOLLOW_LINKS), skipped);
        }
    }

    @Test
    void zipEntriesEscapingTheTargetAreRefused() throws IOException {
        Path target = target();
        int n = ArchiveDownload.extract(archive(zip(new Entry("../evil.txt", "x"), new Entry("a/../../evil2.txt", "x"),
                new Entry(dir.resolve("abs.txt").toAbsolutePath().toString(), "x"), new Entry("ok.txt", "ok"))), target, listener);
        assertEquals(1, n);
        assertEquals(List.of("ok.txt"), files(target));
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        assertFalse(Files.exists(dir.resolve("evil2.txt")));
        assertFalse(Files.exists(dir.resolve("abs.txt")));
    }

    @Test
    void notAnArchive() throws IOException {
        Path target = target();
        IOException tiny = assertThrows(IOException.class, () -> ArchiveDownload.extract(archive(new byte[] { 1, 2 }), target, listener));
        assertTrue(tiny.getMessage().contains("not an archive"), tiny.getMessage());
        IOException unknown = assertThrows(IOException.class,
                () -> ArchiveDownload.extract(archive("hello world".getBytes(StandardCharsets.UTF_8)), target, listener));
        assertTrue(unknown.getMessage().startsWith("unknown archive format"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("68656C6C"), unknown.getMessage());
        assertEquals(List.of(), files(target));
    }

    @Test
    void downloadThenExtract() throws Exception {
        FILES.put("/set.zip", zip(DATASET));
        Path file = dir.resolve("set.zip");
        ArchiveDownload.download(url("/set.zip"), file, listener);
        Path target = target();
        ArchiveDownload.extract(file, target, listener);
        assertEquals(java.util.Optional.of(DatasetLayout.LJSPEECH), DatasetReader.detect(target));
        assertEquals(1, DatasetReader.read(target).entries().size());
        assertTrue(progress.get(0).startsWith("download "), progress.toString());
        assertTrue(progress.get(progress.size() - 1).startsWith("extract "), progress.toString());
    }
}
