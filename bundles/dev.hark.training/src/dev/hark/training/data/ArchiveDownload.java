package dev.hark.training.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Downloads a dataset archive over HTTP(S) with progress, checks its SHA-256 when one is configured, and unpacks
 * it (.tar.gz, .tar.bz2 or .zip, told apart by their first bytes) with Apache Commons Compress. Entries that would
 * land outside the target folder, links and devices are skipped.
 */
public final class ArchiveDownload {

    /** Told about progress: phase (download, verify, extract), bytes done, total bytes or -1. */
    public interface Listener {
        void progress(String phase, long done, long total);
    }

    private ArchiveDownload() {
    }

    /** Downloads {@code url} to {@code file}; returns the SHA-256 (hex) of what arrived. */
    public static String download(URI url, Path file, Listener listener) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
        }
        long total = response.headers().firstValueAsLong("content-length").orElse(-1);
        MessageDigest sha = sha256();
        long done = 0;
        long lastReport = 0;
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0;) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("download cancelled");
                }
                out.write(buffer, 0, n);
                sha.update(buffer, 0, n);
                done += n;
                long now = System.nanoTime();
                if (now - lastReport > 500_000_000L) {
                    lastReport = now;
                    listener.progress("download", done, total);
                }
            }
        }
        if (total >= 0 && done != total) {
            throw new IOException("download of " + url + " ended after " + done + " of " + total + " bytes");
        }
        listener.progress("download", done, total < 0 ? done : total);
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks {@code archive} into {@code target} (which exists); returns the number of files written. */
    public static int extract(Path archive, Path target, Listener listener) throws IOException {
        long total = Files.size(archive);
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(archive)) {
            int n = in.readNBytes(magic, 0, 4);
            if (n < 4) {
                throw new IOException("the download is not an archive (" + n + " bytes)");
            }
        }
        Path root = target.toAbsolutePath().normalize();
        int files = 0;
        try (CountingInput counted = new CountingInput(new BufferedInputStream(Files.newInputStream(archive), 1 << 16));
                ArchiveInputStream<? extends ArchiveEntry> entries = open(counted, magic)) {
            long lastReport = 0;
            for (ArchiveEntry e; (e = entries.getNextEntry()) != null;) {
                if (!entries.canReadEntryData(e)) {
                    continue;
                }
                if (!fileOrDirectory(e)) {
                    continue; // links, devices
                }
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root) || out.equals(root)) {
                    continue; // "zip slip": never write outside the target
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                Files.copy(entries, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                files++;
                long now = System.nanoTime();
                if (now - lastReport > 500_000_000L) {
                    lastReport = now;
                    listener.progress("extract", counted.count, total);
                }
            }
        }
        listener.progress("extract", total, total);
        return files;
    }

    /**
     * Whether an entry is a plain file or a directory. Commons Compress calls every tar entry that is not a directory
     * a file, links and devices too. (A zip read as a stream does not say which entries are Unix links: such an entry
     * is written as a small file holding the link's target, never as a link.)
     */
    static boolean fileOrDirectory(ArchiveEntry e) {
        if (e instanceof TarArchiveEntry t) {
            return t.isDirectory() || t.isFile() && !t.isSymbolicLink() && !t.isLink() && !t.isCharacterDevice() && !t.isBlockDevice()
                    && !t.isFIFO();
        }
        return true;
    }

    private static ArchiveInputStream<? extends ArchiveEntry> open(InputStream in, byte[] magic) throws IOException {
        if ((magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new TarArchiveInputStream(new GzipCompressorInputStream(in, true));
        }
        if (magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return new TarArchiveInputStream(new BZip2CompressorInputStream(in, true));
        }
        if (magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return new ZipArchiveInputStream(in);
        }
        throw new IOException("unknown archive format (expected .tar.gz, .tar.bz2 or .zip; starts with "
                + HexFormat.of().formatHex(magic).toUpperCase(Locale.ROOT) + ")");
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
