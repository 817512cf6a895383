package dev.hark.training.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three layouts, what is skipped (and said) in each, and paths that try to leave the dataset folder. */
class DatasetReaderTest {

    @TempDir
    Path dir;

    /** An audio file: the reader only checks that it is there. */
    static Path audio(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] { 'R', 'I', 'F', 'F' });
    }

    static List<String> ids(DatasetReader.Contents c) {
        return c.entries().stream().map(DatasetEntry::id).toList();
    }

    // ------------------------------------------------------------------ LJSpeech

    @Test
    void ljspeechTakesTheNormalizedColumnWhenThere() throws IOException {
        audio(dir.resolve("wavs/LJ001-0001.wav"));
        audio(dir.resolve("wavs/LJ001-0002.wav"));
        Files.writeString(dir.resolve("metadata.csv"), "LJ001-0001|Printing, in 1 sense|Printing, in one sense\n\nLJ001-0002|Only raw text\n");
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(DatasetLayout.LJSPEECH, c.layout());
        assertEquals(List.of("LJ001-0001", "LJ001-0002"), ids(c));
        DatasetEntry e = c.entries().get(0);
        assertEquals("Printing, in one sense", e.text());
        assertEquals(dir.resolve("wavs").resolve("LJ001-0001.wav"), e.audio());
        assertTrue(Double.isNaN(e.duration()));
        assertEquals("", e.speaker());
        assertEquals("Only raw text", c.entries().get(1).text());
        assertEquals(0, c.skipped(), "blank lines are not entries");
    }

    @Test
    void ljspeechOneFolderDown() throws IOException {
        Path root = dir.resolve("LJSpeech-1.1");
        audio(root.resolve("wavs/a.wav"));
        Files.writeString(root.resolve("metadata.csv"), "a|text\n");
        assertEquals(Optional.of(DatasetLayout.LJSPEECH), DatasetReader.detect(dir));
        assertEquals(root.resolve("wavs/a.wav"), DatasetReader.read(dir).entries().get(0).audio());
    }

    @Test
    void ljspeechSkipsAndDescribesBrokenEntries() throws IOException {
        audio(dir.resolve("wavs/ok.wav"));
        audio(dir.resolve("wavs/empty.wav"));
        Files.writeString(dir.resolve("metadata.csv"), String.join("\n", "ok|fine", "no separator here", "gone|its audio is missing",
                "empty||", "|no id") + "\n");
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(List.of("ok"), ids(c));
        assertEquals(4, c.skipped());
        assertEquals(List.of("metadata.csv line 2: expected id|text|normalized text", "gone: audio file gone.wav is missing",
                "empty: empty transcript", "metadata.csv line 5: expected id|text|normalized text"), c.problems());
    }

    @Test
    void ljspeechRefusesIdsThatAreNotFileNames() throws IOException {
        audio(dir.resolve("wavs/ok.wav"));
        audio(dir.resolve("secret.wav"));
        audio(dir.resolve("wavs/sub/x.wav"));
        Files.writeString(dir.resolve("metadata.csv"), String.join("\n", "../secret|up and out", "sub/x|down", "..|dots", ".|dot",
                "sub\\x|backslash", "nul\u0000byte|a NUL", "ok|fine") + "\n");
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(List.of("ok"), ids(c));
        assertEquals(6, c.skipped(), c.problems().toString());
    }

    @Test
    void ljspeechKeepsTheLinesAroundOneThatIsNotUtf8() throws IOException {
        audio(dir.resolve("wavs/a.wav"));
        audio(dir.resolve("wavs/b.wav"));
        audio(dir.resolve("wavs/c.wav"));
        byte[] latin1 = "b|caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("metadata.csv"), concat("a|first\n".getBytes(StandardCharsets.UTF_8), latin1,
                "c|d\u00e9j\u00e0 vu\n".getBytes(StandardCharsets.UTF_8)));
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(List.of("a", "c"), ids(c));
        assertEquals("d\u00e9j\u00e0 vu", c.entries().get(1).text());
        assertEquals(List.of("metadata.csv line 2: not UTF-8"), c.problems());
    }

    // ------------------------------------------------------------------ JSUT

    @Test
    void jsutSubsetsUpToThreeLevelsDownInNameOrder() throws IOException {
        Path jsut = dir.resolve("jsut_ver1.1");
        for (String subset : new String[] { "onomatopee300", "basic5000" }) {
            Path s = jsut.resolve(subset);
            audio(s.resolve("wav").resolve(subset.toUpperCase() + "_0001.wav"));
            Files.writeString(s.resolve("transcript_utf8.txt"), subset.toUpperCase() + "_0001:水をマレーシアから買わなくてはならない。\n");
        }
        Path tooDeep = dir.resolve("a/b/c/d");
        audio(tooDeep.resolve("wav/X.wav"));
        Files.writeString(tooDeep.resolve("transcript_utf8.txt"), "X:text\n");
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(DatasetLayout.JSUT, c.layout());
        assertEquals(List.of("basic5000/BASIC5000_0001", "onomatopee300/ONOMATOPEE300_0001"), ids(c));
        assertEquals("水をマレーシアから買わなくてはならない。", c.entries().get(0).text());
        assertEquals(jsut.resolve("basic5000/wav/BASIC5000_0001.wav"), c.entries().get(0).audio());
    }

    @Test
    void jsutSkipsBrokenAndHostileLines() throws IOException {
        Path s = dir.resolve("basic5000");
        audio(s.resolve("wav/OK.wav"));
        audio(dir.resolve("outside.wav"));
        Files.writeString(s.resolve("transcript_utf8.txt"), String.join("\n", "OK: spaced text ", "no colon", ":no id",
                "../../outside:escape", "GONE:missing audio", "OK:") + "\n");
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(List.of("basic5000/OK"), ids(c));
        assertEquals("spaced text", c.entries().get(0).text());
        assertEquals(List.of("basic5000/transcript_utf8.txt line 2: expected ID:text", "basic5000/transcript_utf8.txt line 3: expected ID:text",
                "basic5000/transcript_utf8.txt line 4: expected ID:text", "basic5000/GONE: audio file GONE.wav is missing",
                "basic5000/OK: empty transcript"), c.problems());
    }

    // ------------------------------------------------------------------ JSON lines

    @Test
    void manifestWithItsKeyAliases() throws IOException {
        audio(dir.resolve("clips/one.wav"));
        audio(dir.resolve("two.flac"));
        Files.writeString(dir.resolve("manifest.jsonl"), String.join("\n",
                "{\"audio\": \"clips/one.wav\", \"text\": \" Hello \", \"duration\": 1.25, \"speaker\": \"espeak:en-us\"}",
                "{\"audio_filepath\": \"two.flac\", \"transcript\": \"World\", \"voice\": \"flite:slt\", \"duration\": \"long\"}") + "\n");
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(DatasetLayout.MANIFEST, c.layout());
        assertEquals(List.of("one", "two"), ids(c));
        DatasetEntry one = c.entries().get(0);
        assertEquals("Hello", one.text());
        assertEquals(1.25, one.duration());
        assertEquals("espeak:en-us", one.speaker());
        assertEquals(dir.resolve("clips/one.wav"), one.audio());
        assertTrue(Double.isNaN(c.entries().get(1).duration()), "a duration that is not a number is unknown");
        assertEquals("flite:slt", c.entries().get(1).speaker());
    }

    @Test
    void manifestSkipsBrokenLines() throws IOException {
        audio(dir.resolve("a.wav"));
        Files.writeString(dir.resolve("manifest.jsonl"), String.join("\n", "{\"audio\": \"a.wav\", \"text\": \"ok\"}", "{not json",
                "[1, 2]", "{\"audio\": \"a.wav\"}", "{\"audio\": 7, \"text\": \"x\"}", "{\"audio\": \"gone.wav\", \"text\": \"x\"}",
                "{\"audio\": \"a.wav\", \"text\": \"   \"}") + "\n");
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(List.of("a"), ids(c));
        assertEquals(List.of("manifest.jsonl line 2: invalid JSON", "manifest.jsonl line 3: not a JSON object",
                "manifest.jsonl line 4: needs \"audio\" and \"text\"", "manifest.jsonl line 5: needs \"audio\" and \"text\"",
                "gone: audio file gone.wav is missing", "a: empty transcript"), c.problems());
    }

    @Test
    void manifestRefusesRelativePathsOutOfTheFolder() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        audio(dir.resolve("outside.wav"));
        audio(dir.resolve("data-evil/x.wav"));
        audio(data.resolve("in.wav"));
        Files.writeString(data.resolve("manifest.jsonl"), String.join("\n", "{\"audio\": \"../outside.wav\", \"text\": \"x\"}",
                "{\"audio\": \"sub/../../outside.wav\", \"text\": \"x\"}", "{\"audio\": \"../data-evil/x.wav\", \"text\": \"x\"}",
                "{\"audio\": \"nul\\u0000.wav\", \"text\": \"x\"}", "{\"audio\": \"/\", \"text\": \"the root\"}",
                "{\"audio\": \"in.wav\", \"text\": \"x\"}") + "\n");
        DatasetReader.Contents c = DatasetReader.read(data);
        assertEquals(List.of("in"), ids(c));
        assertEquals(List.of("manifest.jsonl line 1: audio path leaves the dataset folder",
                "manifest.jsonl line 2: audio path leaves the dataset folder", "manifest.jsonl line 3: audio path leaves the dataset folder",
                "manifest.jsonl line 4: bad audio path", "manifest.jsonl line 5: bad audio path"), c.problems());
    }

    @Test
    void manifestMayNameAbsolutePaths() throws IOException {
        Path elsewhere = audio(dir.resolve("elsewhere/clip.wav")).toAbsolutePath();
        Path data = Files.createDirectories(dir.resolve("data"));
        com.google.gson.JsonObject line = new com.google.gson.JsonObject();
        line.addProperty("audio", elsewhere.toString());
        line.addProperty("text", "x");
        Files.writeString(data.resolve("list.jsonl"), line + "\n");
        DatasetReader.Contents c = DatasetReader.read(data);
        assertEquals(List.of(elsewhere), c.entries().stream().map(DatasetEntry::audio).toList(),
                "a manifest of the user's own (NeMo style) may point anywhere");
    }

    @Test
    void jsutAndManifestLinesNotInUtf8AreSkippedAlone() throws IOException {
        Path s = dir.resolve("jsut/basic5000");
        audio(s.resolve("wav/A.wav"));
        audio(s.resolve("wav/B.wav"));
        Files.write(s.resolve("transcript_utf8.txt"), concat("A:\u3042\r\n".getBytes(StandardCharsets.UTF_8),
                "X:\u3042\r\n".getBytes(java.nio.charset.Charset.forName("Shift_JIS")), "B:\u3044\r\n".getBytes(StandardCharsets.UTF_8)));
        DatasetReader.Contents jsut = DatasetReader.read(dir.resolve("jsut"));
        assertEquals(List.of("basic5000/A", "basic5000/B"), ids(jsut));
        assertEquals("\u3042", jsut.entries().get(0).text(), "CR LF ends a line");
        assertEquals(List.of("basic5000/transcript_utf8.txt line 2: not UTF-8"), jsut.problems());

        Path m = Files.createDirectories(dir.resolve("m"));
        audio(m.resolve("a.wav"));
        Files.write(m.resolve("manifest.jsonl"), concat("{\"audio\": \"a.wav\", \"text\": \"\u00e9t\u00e9\"}\r".getBytes(StandardCharsets.UTF_8),
                "{\"audio\": \"a.wav\", \"text\": \"\u00e9t\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1),
                "{\"audio\": \"a.wav\", \"text\": \"last line without an end\"}".getBytes(StandardCharsets.UTF_8)));
        DatasetReader.Contents manifest = DatasetReader.read(m);
        assertEquals(List.of("\u00e9t\u00e9", "last line without an end"), manifest.entries().stream().map(DatasetEntry::text).toList());
        assertEquals(List.of("manifest.jsonl line 2: not UTF-8"), manifest.problems());
    }

    // ------------------------------------------------------------------ detection

    @Test
    void detection() throws IOException {
        assertEquals(Optional.empty(), DatasetReader.detect(dir.resolve("absent")));
        assertEquals(Optional.empty(), DatasetReader.detect(dir));
        IOException e = assertThrows(IOException.class, () -> DatasetReader.read(dir));
        assertTrue(e.getMessage().startsWith("no dataset in "), e.getMessage());

        Files.writeString(dir.resolve("one.jsonl"), "");
        assertEquals(Optional.of(DatasetLayout.MANIFEST), DatasetReader.detect(dir), "a single *.jsonl is the manifest");
        Files.writeString(dir.resolve("two.jsonl"), "");
        assertEquals(Optional.empty(), DatasetReader.detect(dir), "two are ambiguous");
        audio(dir.resolve("wavs/a.wav"));
        Files.writeString(dir.resolve("metadata.csv"), "a|x\n");
        assertEquals(Optional.of(DatasetLayout.LJSPEECH), DatasetReader.detect(dir));
        Files.writeString(dir.resolve(DatasetReader.MANIFEST_FILE), "");
        assertEquals(Optional.of(DatasetLayout.MANIFEST), DatasetReader.detect(dir), "manifest.jsonl wins");
    }

    @Test
    void keepsTheFirstFiftyProblemsAndCountsAll() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            lines.append("{\"audio\": \"missing").append(i).append(".wav\", \"text\": \"x\"}\n");
        }
        Files.writeString(dir.resolve("manifest.jsonl"), lines);
        DatasetReader.Contents c = DatasetReader.read(dir);
        assertEquals(0, c.entries().size());
        assertEquals(70, c.skipped());
        assertEquals(50, c.problems().size());
        assertEquals("missing0: audio file missing0.wav is missing", c.problems().get(0));
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
