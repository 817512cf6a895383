package dev.hark.engine.ctc.internal;

import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;

import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.training.run.ModelTrainer;
import dev.hark.training.run.WorkerClasspath;

/** Makes the {@code ctc} model trainable: its worker is {@code dev.hark.engine.ctc.train.TrainingWorker}. */
@Component(service = ModelTrainer.class)
public final class CtcTrainerService implements ModelTrainer {

    /** Bundles the worker needs that nothing imports: PyTorch's JNI glue and native libraries. */
    static final List<String> NATIVE_BUNDLES = List.of("wrapped.ai.djl.pytorch.pytorch-jni", "wrapped.ai.djl.pytorch.pytorch-native-cpu");

    @Override
    public String modelName() {
        return Checkpoint.MODEL_NAME;
    }

    @Override
    public String description() {
        return "CTC acoustic model: log-mel, 2 causal conv + LSTM(128), characters, greedy decoding (DJL on PyTorch CPU)";
    }

    @Override
    public String mainClass() {
        return "dev.hark.engine.ctc.train.TrainingWorker";
    }

    @Override
    public List<Path> classpath() {
        return WorkerClasspath.of(FrameworkUtil.getBundle(CtcTrainerService.class), NATIVE_BUNDLES);
    }
}
