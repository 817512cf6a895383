package dev.hark.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** What generated datasets say: digit strings, short commands, or simple sentences. */
public enum SyntheticTexts {
    DIGITS, COMMANDS, SENTENCES;

    static final List<String> DIGIT_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    static final List<String> COMMAND_LIST = List.of("turn on the light", "turn off the light", "stop", "go", "go left",
            "go right", "go back", "move forward", "start recording", "stop recording", "play music", "pause music",
            "next track", "previous track", "volume up", "volume down", "mute", "open the door", "close the door",
            "call home", "read my messages", "what time is it", "set a timer", "cancel the timer", "yes", "no",
            "lock the screen", "take a picture", "show the weather", "turn up the heat", "turn down the heat",
            "open settings", "save the file", "undo that", "repeat that", "scroll down", "scroll up", "zoom in", "zoom out",
            "go home");

    private static final List<String> SUBJECTS = List.of("the cat", "my friend", "the old man", "a small dog", "the teacher",
            "our neighbor", "the driver", "a young girl", "the doctor", "my brother", "the pilot", "her sister");
    private static final List<String> VERBS = List.of("found", "painted", "carried", "opened", "washed", "sold", "lost",
            "bought", "fixed", "watched", "moved", "cleaned");
    private static final List<String> OBJECTS = List.of("a red box", "the green door", "an old letter", "the blue car",
            "a heavy bag", "the wooden chair", "a bright lamp", "the broken clock", "a new phone", "the white boat",
            "seven apples", "the garden gate");
    private static final List<String> TAILS = List.of("", "", "this morning", "last night", "in the kitchen", "near the river",
            "before lunch", "after the rain", "at the station", "on monday");

    public static SyntheticTexts byName(String kind) {
        try {
            return valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown kind \"" + kind + "\"; use digits, commands or sentences");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One utterance's text, lower case words separated by single spaces. */
    public String next(Random random) {
        return switch (this) {
            case DIGITS -> {
                int n = 1 + random.nextInt(6);
                List<String> words = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    words.add(DIGIT_WORDS.get(random.nextInt(10)));
                }
                yield String.join(" ", words);
            }
            case COMMANDS -> COMMAND_LIST.get(random.nextInt(COMMAND_LIST.size()));
            case SENTENCES -> (pick(SUBJECTS, random) + " " + pick(VERBS, random) + " " + pick(OBJECTS, random) + " "
                    + pick(TAILS, random)).strip();
        };
    }

    private static String pick(List<String> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }
}
