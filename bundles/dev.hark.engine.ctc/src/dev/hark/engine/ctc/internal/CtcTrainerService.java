package dev.hark.engine.ctc.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        return "CTC acoustic model: log-mel, 2 causal conv + LSTM(128), characters, greedy decoding or a beam search over a closed vocabulary (DJL on PyTorch CPU)";
    }

    @Override
    public String mainClass() {
        return "dev.hark.engine.ctc.train.TrainingWorker";
    }

    /**
     * glibc's allocator kept from giving freed memory back at once ({@code MALLOC_TRIM_THRESHOLD_} 512 MB) and from
     * serving tensors under 32 MB with fresh mappings ({@code MALLOC_MMAP_THRESHOLD_}; setting either also stops its
     * moving thresholds): a step's tensors are allocated and freed again every step, and with the defaults whole
     * stretches of steps ran 3-5 times slower while the process took 20,000-50,000 page faults a second in the kernel
     * (batch 16, 2,000 clips: step p99 105 ms against 66 with these, 958 against 1,110 audio s per CPU s;
     * docs/benchmarks.md). The memory kept is what the steps use anyway.
     * <p>
     * {@code MALLOC_TOP_PAD_} 64 MB (a heap's most) keeps the heaps of glibc's per-thread arenas: the training thread
     * is not the process's first, so its tensors come from such an arena, whose 64 MB heaps glibc deletes whole as soon
     * as one is empty, whatever the trim threshold says (unless the pad is at least a heap). A step whose tensors
     * outgrew the arena's heap made a new one and deleted it again at its end: about one heap of up to 10 MB of fresh
     * pages a step (strace: 4,026 heaps made and deleted in a 40-epoch run of 4,525 steps; with the pad: one), some
     * 3,000 page faults a second (about half of them gone with it).
     * <p>
     * oneDNN (PyTorch's CPU kernels) picks the CPU's best instructions. It used to be limited to AVX2
     * ({@code ONEDNN_MAX_CPU_ISA=AVX2}): with its AVX-512 kernels the first convolution, 40 mel bands in (not a multiple
     * of AVX-512's 16-channel blocks), now and then gave NaN outputs from finite features and weights. The network now
     * pads those channels to 48 itself ({@code CtcNetwork.firstConvolution}: 0 of 16 short runs had a NaN batch, against
     * 2 of 6 without), and AVX-512 trains about a third faster than AVX2 on this model. A variable in the server's
     * environment (e.g. {@code ONEDNN_MAX_CPU_ISA}, or one of these) keeps the server's value.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_TRIM_THRESHOLD_", "536870912", "MALLOC_MMAP_THRESHOLD_", "33554432",
            "MALLOC_TOP_PAD_", "67108864");

    /**
     * The serial collector with a young generation of an eighth of the worker's (fixed) heap, 128 MB at the default
     * 1 GB. The worker is one training thread and one batch thread whose garbage dies young (DJL's wrappers, the batches'
     * arrays) over a small live set: a stop-the-world copy of a mostly dead 128 MB young generation is short, and no
     * concurrent collector threads or G1 barriers run beside the steps. Against G1 with a 4 ms pause goal (which had
     * replaced G1's default 200 ms goal: young pauses of 16-63 ms then), alternating on the 8-epoch benchmark: 1,070-1,167
     * against 935-1,012 audio s per CPU s and step p99 after the first epoch 17-23 ms against 23-43; Hark against
     * PyTorch per CPU second 0.86 against 0.78 over three rounds each (docs/benchmarks.md). A 600 MB young generation
     * had been slower than G1 (the heap's pages touched afresh), 32-128 MB were alike.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:NewRatio=7");

    @Override
    public List<String> jvmOptions() {
        return JVM_OPTIONS;
    }

    @Override
    public Map<String, String> environment() {
        return ENVIRONMENT;
    }

    @Override
    public List<Path> classpath() {
        return WorkerClasspath.of(FrameworkUtil.getBundle(CtcTrainerService.class), NATIVE_BUNDLES);
    }
}
