package dev.hark.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The datasets a server can download: the built-in sources plus those configured in {@code DATA/datasets.json}. */
final class DatasetSources {

    private final Path configFile;

    DatasetSources(Path configFile) {
        this.configFile = configFile;
    }

    Path configFile() {
        return configFile;
    }

    /** Built-in and configured sources by name (a broken configuration file leaves the built-in ones). */
    Map<String, DatasetStore.Source> all() {
        Map<String, DatasetStore.Source> out = new TreeMap<>();
        out.put("ljspeech", new DatasetStore.Source("ljspeech", "https://data.keithito.com/data/speech/LJSpeech-1.1.tar.bz2", null,
                "ljspeech", "LJSpeech 1.1: 13,100 clips of one English speaker, 24 h (2.6 GB)"));
        out.put("jsut", new DatasetStore.Source("jsut", "http://ss-takashi.sakura.ne.jp/corpus/jsut_ver1.1.zip", null, "jsut",
                "JSUT 1.1: Japanese single speaker, 10 h (2.7 GB)"));
        if (Files.isRegularFile(configFile)) {
            try {
                JsonObject o = JsonParser.parseString(Files.readString(configFile)).getAsJsonObject();
                for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                    if (!DatasetStore.validName(e.getKey()) || !e.getValue().isJsonObject()) {
                        continue;
                    }
                    JsonObject s = e.getValue().getAsJsonObject();
                    out.put(e.getKey(), new DatasetStore.Source(e.getKey(), str(s, "url"), str(s, "sha256"), str(s, "layout"),
                            str(s, "description")));
                }
            } catch (IOException | RuntimeException ex) {
                // a broken configuration file leaves the built-in sources
            }
        }
        return out;
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
