package dev.hark.training.dataset;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines of a UTF-8 text file, each decoded by itself, so that one line in another encoding is reported and the
 * lines around it still read (a {@link java.io.BufferedReader} fails for the whole buffer it was decoding). Lines end
 * at {@code \n}, {@code \r} or {@code \r\n}, as {@link java.io.BufferedReader#readLine()} has it.
 */
final class Utf8Lines {

    /** Told of each line in order, numbered from 1. */
    interface Handler {
        /** @param text the line, or null when it is not UTF-8 */
        void line(int number, String text);
    }

    private Utf8Lines() {
    }

    static void read(Path file, Handler handler) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            int number = 0;
            boolean afterCr = false;
            for (int b; (b = in.read()) >= 0;) {
                if (b == '\n' && afterCr) {
                    afterCr = false;
                    continue; // the \n of \r\n
                }
                afterCr = b == '\r';
                if (b == '\n' || b == '\r') {
                    handler.line(++number, decode(line));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                handler.line(++number, decode(line));
            }
        }
    }

    private static String decode(ByteArrayOutputStream line) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
