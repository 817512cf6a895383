package dev.hark.tensorboard.internal;

import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import dev.hark.tensorboard.internal.proto.TfEvents.HParamValue;
import dev.hark.tensorboard.internal.proto.TfEvents.HParamsPluginData;
import dev.hark.tensorboard.internal.proto.TfEvents.Summary;

/**
 * Hyperparameters of a run, as TensorBoard's hparams plugin stores them: a summary value tagged
 * {@code _hparams_/session_start_info} whose plugin data (plugin "hparams") holds a map of name to value. PyTorch's
 * and tensorboardX's {@code add_hparams}, Lightning's {@code log_hyperparams} and Keras' hparams callback write it.
 */
public final class HParams {

    public static final String PLUGIN = "hparams";

    private HParams() {
    }

    /** Whether {@code value} is the hparams plugin's (not a scalar). */
    public static boolean isHParams(Summary.Value value) {
        return value.hasMetadata() && PLUGIN.equals(value.getMetadata().getPluginData().getPluginName());
    }

    /**
     * Adds the session's hyperparameters in {@code value} to {@code into} (numbers as TensorBoard shows them: whole
     * numbers without a fraction); the experiment and end-of-session records add nothing.
     *
     * @throws InvalidProtocolBufferException when the plugin data is not the hparams plugin's
     */
    public static void read(Summary.Value value, Map<String, String> into) throws InvalidProtocolBufferException {
        ByteString content = value.getMetadata().getPluginData().getContent();
        HParamsPluginData data = HParamsPluginData.parseFrom(content);
        if (!data.hasSessionStartInfo()) {
            return;
        }
        data.getSessionStartInfo().getHparamsMap().forEach((name, v) -> into.put(name, text(v)));
    }

    static String text(HParamValue v) {
        return switch (v.getKindCase()) {
            case NUMBER_VALUE -> number(v.getNumberValue());
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case NULL_VALUE, KIND_NOT_SET -> "";
        };
    }

    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
