package dev.hark.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hark.training.run.ModelTrainer;

/** The worker gets its trainer's environment variables, except those the server's own environment already sets. */
class WorkerEnvironmentTest {

    static ModelTrainer trainer(Map<String, String> environment) {
        return new ModelTrainer() {
            @Override
            public String modelName() {
                return "m";
            }

            @Override
            public String description() {
                return "a trainer";
            }

            @Override
            public String mainClass() {
                return "Main";
            }

            @Override
            public List<Path> classpath() {
                return List.of();
            }

            @Override
            public Map<String, String> environment() {
                return environment;
            }
        };
    }

    @Test
    void theTrainersVariablesUnlessTheServerSetsThem() {
        ModelTrainer t = trainer(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "OTHER", "1"));
        assertEquals(Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "OTHER", "1"), WorkerLauncher.workerEnvironment(t, Map.of("PATH", "/bin")));
        assertEquals(Map.of("OTHER", "1"), WorkerLauncher.workerEnvironment(t, Map.of("ONEDNN_MAX_CPU_ISA", "ALL")),
                "an operator's own setting wins");
        assertEquals(Map.of(), WorkerLauncher.workerEnvironment(trainer(Map.of()), Map.of()));
    }
}
