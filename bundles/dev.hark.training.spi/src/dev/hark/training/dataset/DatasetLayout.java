package dev.hark.training.dataset;

/** The folder layouts Hark reads, as users already have them. */
public enum DatasetLayout {
    /** {@code metadata.csv} ({@code id|text|normalized text}) and {@code wavs/}, at the top or one folder down (LJSpeech-1.1/). */
    LJSPEECH("ljspeech"),
    /** {@code transcript_utf8.txt} ({@code ID:text}) beside {@code wav/}, per subset (jsut_ver1.1/basic5000/...). */
    JSUT("jsut"),
    /** JSON lines: {@code {"audio": path, "text": ..., "duration": seconds}} in {@code manifest.jsonl} (or one *.jsonl). */
    MANIFEST("manifest");

    private final String id;

    DatasetLayout(String id) {
        this.id = id;
    }

    /** The name used in JSON and configuration. */
    public String id() {
        return id;
    }

    public static DatasetLayout byId(String id) {
        for (DatasetLayout l : values()) {
            if (l.id.equalsIgnoreCase(id)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown dataset layout \"" + id + "\"; known: ljspeech, jsut, manifest");
    }
}
