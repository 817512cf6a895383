package dev.hark.tensorboard.internal;

import com.google.protobuf.ByteString;

import dev.hark.tensorboard.internal.proto.TfEvents.DataType;
import dev.hark.tensorboard.internal.proto.TfEvents.Summary;
import dev.hark.tensorboard.internal.proto.TfEvents.TensorProto;
import dev.hark.tensorboard.internal.proto.TfEvents.TensorShapeProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalDouble;

/**
 * The number a summary value holds when it is a scalar: PyTorch's and tensorboardX's {@code simple_value}, or the
 * single-element numeric tensor that TF2 and "new style" writers log (values in the typed fields or in
 * {@code tensor_content}, little-endian). Anything else (images, histograms, text, multi-element tensors) is not a
 * scalar.
 */
public final class ScalarValues {

    private ScalarValues() {
    }

    public static OptionalDouble scalar(Summary.Value value) {
        return switch (value.getValueCase()) {
            case SIMPLE_VALUE -> OptionalDouble.of(value.getSimpleValue());
            case TENSOR -> tensorScalar(value.getTensor());
            default -> OptionalDouble.empty();
        };
    }

    static OptionalDouble tensorScalar(TensorProto t) {
        if (elements(t.getTensorShape()) != 1) {
            return OptionalDouble.empty();
        }
        DataType type = t.getDtype();
        ByteString content = t.getTensorContent();
        if (!content.isEmpty()) {
            return fromContent(type, content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
        }
        return switch (type) {
            case DT_FLOAT -> t.getFloatValCount() > 0 ? OptionalDouble.of(t.getFloatVal(0)) : OptionalDouble.empty();
            case DT_DOUBLE -> t.getDoubleValCount() > 0 ? OptionalDouble.of(t.getDoubleVal(0)) : OptionalDouble.empty();
            case DT_INT32, DT_INT16, DT_INT8, DT_UINT8, DT_UINT16 ->
                t.getIntValCount() > 0 ? OptionalDouble.of(t.getIntVal(0)) : OptionalDouble.empty();
            case DT_INT64 -> t.getInt64ValCount() > 0 ? OptionalDouble.of(t.getInt64Val(0)) : OptionalDouble.empty();
            case DT_BOOL -> t.getBoolValCount() > 0 ? OptionalDouble.of(t.getBoolVal(0) ? 1 : 0) : OptionalDouble.empty();
            case DT_HALF -> t.getHalfValCount() > 0 ? OptionalDouble.of(Float.float16ToFloat((short) t.getHalfVal(0)))
                    : OptionalDouble.empty();
            case DT_BFLOAT16 -> t.getHalfValCount() > 0 ? OptionalDouble.of(Float.intBitsToFloat(t.getHalfVal(0) << 16))
                    : OptionalDouble.empty();
            default -> OptionalDouble.empty();
        };
    }

    private static OptionalDouble fromContent(DataType type, ByteBuffer b) {
        int n = b.remaining();
        return switch (type) {
            case DT_FLOAT -> n == 4 ? OptionalDouble.of(b.getFloat(0)) : OptionalDouble.empty();
            case DT_DOUBLE -> n == 8 ? OptionalDouble.of(b.getDouble(0)) : OptionalDouble.empty();
            case DT_INT32 -> n == 4 ? OptionalDouble.of(b.getInt(0)) : OptionalDouble.empty();
            case DT_UINT32 -> n == 4 ? OptionalDouble.of(Integer.toUnsignedLong(b.getInt(0))) : OptionalDouble.empty();
            case DT_INT64 -> n == 8 ? OptionalDouble.of(b.getLong(0)) : OptionalDouble.empty();
            case DT_UINT64 -> n == 8 ? OptionalDouble.of(Double.parseDouble(Long.toUnsignedString(b.getLong(0))))
                    : OptionalDouble.empty();
            case DT_INT16 -> n == 2 ? OptionalDouble.of(b.getShort(0)) : OptionalDouble.empty();
            case DT_UINT16 -> n == 2 ? OptionalDouble.of(Short.toUnsignedInt(b.getShort(0))) : OptionalDouble.empty();
            case DT_INT8 -> n == 1 ? OptionalDouble.of(b.get(0)) : OptionalDouble.empty();
            case DT_UINT8 -> n == 1 ? OptionalDouble.of(Byte.toUnsignedInt(b.get(0))) : OptionalDouble.empty();
            case DT_BOOL -> n == 1 ? OptionalDouble.of(b.get(0) != 0 ? 1 : 0) : OptionalDouble.empty();
            case DT_HALF -> n == 2 ? OptionalDouble.of(Float.float16ToFloat(b.getShort(0))) : OptionalDouble.empty();
            case DT_BFLOAT16 -> n == 2 ? OptionalDouble.of(Float.intBitsToFloat(Short.toUnsignedInt(b.getShort(0)) << 16))
                    : OptionalDouble.empty();
            default -> OptionalDouble.empty();
        };
    }

    private static long elements(TensorShapeProto shape) {
        if (shape.getUnknownRank()) {
            return -1;
        }
        long n = 1;
        for (TensorShapeProto.Dim d : shape.getDimList()) {
            n *= d.getSize();
        }
        return n;
    }
}
