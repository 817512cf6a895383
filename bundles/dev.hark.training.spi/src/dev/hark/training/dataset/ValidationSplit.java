package dev.hark.training.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;



/**
 * A run's training and validation entries. When the dataset names its speakers, whole voices are held out (chosen
 * with the run's seed until the validation share is reached; a voice that would make it more than twice the share is
 * passed over), so validation measures what the model does on voices
 * it never heard, each family of voices (espeak-ng's, flite's) in proportion to its share of the data; otherwise (or when there is only one voice) a random share is held out. A generated dataset's
 * speaker {@code espeak:en-us+m3@s150p40} is the voice {@code espeak:en-us+m3} said at one speed and pitch: the voice
 * is what is held out. Public for the trainers, the server's evaluations and the benchmark harness, which gives PyTorch the same split (one split code).
 *
 * @param train      the training entries, in the run's shuffled order
 * @param validation the held-out entries
 * @param heldOut    the voices held out (empty for a random split)
 */
public record ValidationSplit(List<DatasetEntry> train, List<DatasetEntry> validation, List<String> heldOut) {

    /**
     * @param entries  the dataset's entries
     * @param fraction the share to hold out (0 = none)
     * @param limit    use at most this many entries (0 = all)
     * @param seed     the run's seed
     */
    public static ValidationSplit of(List<DatasetEntry> entries, double fraction, int limit, long seed) {
        List<DatasetEntry> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled, new Random(seed));
        if (limit > 0 && shuffled.size() > limit) {
            shuffled = new ArrayList<>(shuffled.subList(0, limit));
        }
        int wanted = shuffled.size() < 2 || fraction <= 0 ? 0 : Math.max(1, (int) Math.round(shuffled.size() * fraction));
        Map<String, List<DatasetEntry>> byVoice = new LinkedHashMap<>();
        for (DatasetEntry e : shuffled) {
            byVoice.computeIfAbsent(voice(e.speaker()), k -> new ArrayList<>()).add(e);
        }
        if (wanted == 0 || byVoice.size() < 2 || byVoice.containsKey("")) {
            return new ValidationSplit(List.copyOf(shuffled.subList(wanted, shuffled.size())), List.copyOf(shuffled.subList(0, wanted)),
                    List.of());
        }
        List<String> voices = new ArrayList<>(byVoice.keySet());
        Collections.sort(voices);
        Collections.shuffle(voices, new Random(seed + 1));
        // each family of voices (the synthesizer, "flite" in "flite:kal"; one family for real speakers) gives its share
        Map<String, Integer> familySize = new LinkedHashMap<>();
        for (String v : voices) {
            familySize.merge(family(v), byVoice.get(v).size(), Integer::sum);
        }
        List<String> heldOut = new ArrayList<>();
        List<DatasetEntry> validation = new ArrayList<>();
        for (Map.Entry<String, Integer> f : familySize.entrySet()) {
            int share = Math.max(1, (int) Math.round((double) wanted * f.getValue() / shuffled.size()));
            int taken = 0;
            List<String> ofFamily = voices.stream().filter(v -> family(v).equals(f.getKey())).toList();
            for (String v : ofFamily) {
                if (taken >= share || heldOut.size() + 1 >= voices.size()) {
                    break;
                }
                int size = byVoice.get(v).size();
                if (taken + size > 2 * share || taken + size >= f.getValue()) {
                    continue; // a voice this big would take too much from training: try the next
                }
                heldOut.add(v);
                taken += size;
                validation.addAll(byVoice.get(v));
            }
        }
        if (validation.isEmpty()) { // every voice is too big to hold out: a random split
            return new ValidationSplit(List.copyOf(shuffled.subList(wanted, shuffled.size())), List.copyOf(shuffled.subList(0, wanted)),
                    List.of());
        }
        List<DatasetEntry> train = new ArrayList<>();
        for (DatasetEntry e : shuffled) {
            if (!heldOut.contains(voice(e.speaker()))) {
                train.add(e);
            }
        }
        return new ValidationSplit(List.copyOf(train), List.copyOf(validation), List.copyOf(heldOut));
    }

    /** The family of a voice: what comes before the colon ({@code flite:kal}), or "" (one family) when there is none. */
    public static String family(String voice) {
        int colon = voice.indexOf(':');
        return colon > 0 ? voice.substring(0, colon) : "";
    }

    /** The voice of a speaker id: a generated dataset's speed and pitch suffix ({@code @s150p40}) dropped. */
    public static String voice(String speaker) {
        int at = speaker.lastIndexOf('@');
        return at > 0 ? speaker.substring(0, at) : speaker;
    }
}
