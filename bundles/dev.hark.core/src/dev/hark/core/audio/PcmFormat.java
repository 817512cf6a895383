package dev.hark.core.audio;

import java.util.Locale;

/**
 * Sample encodings of mono PCM audio frames on the wire. Both are little-endian.
 */
public enum PcmFormat {

    /** Signed 16-bit integer, little-endian; {@code -32768..32767} maps to {@code [-1, 1)} by dividing by 32768. */
    I16(2),
    /** 32-bit IEEE 754 float, little-endian; nominal range {@code [-1, 1]}. */
    F32(4);

    private final int bytesPerSample;

    PcmFormat(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    /** @return the size of one sample in bytes: 2 for {@link #I16}, 4 for {@link #F32} */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** @return the name used in protocols and configuration: {@code "i16"} or {@code "f32"} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @param name {@code "i16"} or {@code "f32"}, in any letter case (no surrounding blanks)
     * @return the format
     * @throws IllegalArgumentException for {@code null} or any other text
     */
    public static PcmFormat parse(String name) {
        if (name != null) {
            for (PcmFormat format : values()) {
                if (format.wireName().equalsIgnoreCase(name)) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException("unknown PCM format "
                + (name == null ? "null" : '"' + name + '"') + ": expected \"i16\" or \"f32\"");
    }
}
