package dev.hark.tensorboard.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TensorFlow's TFRecord framing, which event files use: {@code uint64 length, uint32 masked_crc32c(length),
 * byte[length] data, uint32 masked_crc32c(data)}, little-endian. CRC-32C is the JDK's; the mask is TFRecord's
 * rotate-and-add.
 */
public final class RecordFraming {

    public static final int HEADER_BYTES = 12;
    public static final int FOOTER_BYTES = 4;
    /** A length above this is taken as corruption, not as a record to allocate (event records are small). */
    public static final long MAX_RECORD_BYTES = 64L * 1024 * 1024;

    private static final int MASK_DELTA = 0xa282ead8;

    private RecordFraming() {
    }

    public static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /**
     * The data length a 12-byte header announces.
     *
     * @throws CorruptRecordException when the header's CRC does not match or the length is absurd
     */
    public static long dataLength(byte[] header) throws CorruptRecordException {
        ByteBuffer b = ByteBuffer.wrap(header, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long length = b.getLong(0);
        int crc = b.getInt(8);
        if (crc != maskedCrc(header, 0, 8)) {
            throw new CorruptRecordException("the record header's checksum does not match");
        }
        if (length < 0 || length > MAX_RECORD_BYTES) {
            throw new CorruptRecordException("a record claims " + Long.toUnsignedString(length) + " bytes");
        }
        return length;
    }

    /** Checks a record's data against the 4-byte footer that follows it. */
    public static void checkData(byte[] data, byte[] footer) throws CorruptRecordException {
        int crc = ByteBuffer.wrap(footer, 0, FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (crc != maskedCrc(data, 0, data.length)) {
            throw new CorruptRecordException("the record's data checksum does not match");
        }
    }

    /** Data that breaks TFRecord framing. */
    public static final class CorruptRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        public CorruptRecordException(String message) {
            super(message);
        }
    }
}
