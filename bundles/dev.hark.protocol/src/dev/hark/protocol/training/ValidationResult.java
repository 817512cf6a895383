package dev.hark.protocol.training;

import java.util.List;

import dev.hark.protocol.ProtocolJson;

/** {@code validation_result}: after every epoch, with a few reference/hypothesis examples. */
public record ValidationResult(int epoch, Double valLoss, Double cer, Double wer, int validationSamples, List<Example> examples)
        implements TrainingMessage {

    public static final String TYPE = "validation_result";

    public ValidationResult {
        valLoss = ProtocolJson.finite(valLoss);
        cer = ProtocolJson.finite(cer);
        wer = ProtocolJson.finite(wer);
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** What the reference said and what the model heard. */
    public record Example(String reference, String hypothesis) {
    }
}
