package dev.hark.tensorboard.internal;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.hark.tensorboard.internal.RecordFraming.CorruptRecordException;
import dev.hark.tensorboard.internal.proto.TfEvents.Event;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Follows one {@code events.out.tfevents.*} file: each {@link #poll} reads the whole records written since the
 * last one. A record cut short at the end of the file is "not written yet" and read on a later poll; a record whose
 * framing is broken ends the reading of this file (its later records cannot be found) with {@link #problem()}
 * saying where; a record whose framing is fine but whose event does not parse is skipped and counted. Not
 * thread-safe: its run owns it.
 */
public final class EventFileReader {

    static final int WINDOW_BYTES = 1 << 20;

    private final Path file;
    private long offset;
    private String problem = "";
    private boolean broken;
    private long skipped;
    private long records;

    public EventFileReader(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Empty when the file reads fine; otherwise what is wrong, with the byte offset. */
    public String problem() {
        if (!problem.isEmpty()) {
            return problem;
        }
        return skipped == 0 ? "" : file.getFileName() + ": " + skipped + " record(s) that are not TensorBoard events skipped";
    }

    public long records() {
        return records;
    }

    /** Bytes of the file read so far (whole records only). */
    public long offset() {
        return offset;
    }

    /**
     * Reads the complete records written since the last poll and hands each event to {@code sink}.
     *
     * @return how many events were read
     */
    public int poll(Consumer<Event> sink) throws IOException {
        if (broken) {
            return 0;
        }
        int read = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) {   // truncated or replaced: TensorBoard does not rewrite files; start over
                offset = 0;
            }
            Window window = new Window(ch, size);
            byte[] header = new byte[RecordFraming.HEADER_BYTES];
            byte[] footer = new byte[RecordFraming.FOOTER_BYTES];
            while (size - offset >= RecordFraming.HEADER_BYTES) {
                window.copy(offset, header);
                long length;
                try {
                    length = RecordFraming.dataLength(header);
                } catch (CorruptRecordException e) {
                    fail(e.getMessage());
                    break;
                }
                long end = offset + RecordFraming.HEADER_BYTES + length + RecordFraming.FOOTER_BYTES;
                if (end > size) {
                    break;   // the writer has not finished this record yet
                }
                byte[] data = new byte[(int) length];
                window.copy(offset + RecordFraming.HEADER_BYTES, data);
                window.copy(offset + RecordFraming.HEADER_BYTES + length, footer);
                try {
                    RecordFraming.checkData(data, footer);
                } catch (CorruptRecordException e) {
                    fail(e.getMessage());
                    break;
                }
                offset = end;
                records++;
                Event event;
                try {
                    event = Event.parseFrom(data);
                } catch (InvalidProtocolBufferException e) {
                    skipped++;
                    continue;
                }
                sink.accept(event);
                read++;
            }
        }
        return read;
    }

    /**
     * Reads the file through a buffer of {@value #WINDOW_BYTES} bytes (a positional read per record field would
     * be three system calls per point).
     */
    private static final class Window {
        private final FileChannel ch;
        private final long size;
        private final ByteBuffer buffer = ByteBuffer.allocate(WINDOW_BYTES);
        private long start = -1;

        Window(FileChannel ch, long size) {
            this.ch = ch;
            this.size = size;
        }

        void copy(long position, byte[] into) throws IOException {
            if (into.length > WINDOW_BYTES) {
                readFully(ch, into, position);
                return;
            }
            if (start < 0 || position < start || position + into.length > start + buffer.limit()) {
                buffer.clear();
                buffer.limit((int) Math.min(WINDOW_BYTES, size - position));
                long p = position;
                while (buffer.hasRemaining()) {
                    int n = ch.read(buffer, p);
                    if (n < 0) {
                        throw new IOException("the file ended while reading at byte " + p);
                    }
                    p += n;
                }
                start = position;
            }
            System.arraycopy(buffer.array(), (int) (position - start), into, 0, into.length);
        }
    }

    private void fail(String why) {
        broken = true;
        problem = file.getFileName() + ": " + why + " at byte " + offset + "; the rest of this file is not read";
    }

    private static void readFully(FileChannel ch, byte[] into, long position) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(into);
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("the file ended while reading at byte " + p);
            }
            p += n;
        }
    }
}
