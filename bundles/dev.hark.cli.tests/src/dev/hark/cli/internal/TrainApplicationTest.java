package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;

/** {@code hark train}: its command line, exit codes and the lines {@code follow} prints. */
class TrainApplicationTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TrainApplication().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheSubcommandsAndExitCodes() {
        Run r = run("train", "--help");
        assertEquals(0, r.code());
        for (String s : List.of("start", "resume", "stop", "follow", "Exit codes", "4 the server cannot be reached")) {
            assertTrue(r.out().contains(s), s + " in " + r.out());
        }
        assertTrue(run("follow", "--help").out().contains("--until-end"));
    }

    @Test
    void badArgumentsExit2() {
        Run none = run("train");
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("hark train: say start, resume, stop or follow"), none.err());
        assertEquals(2, run("start", "--dataset", "ljspeech").code(), "--model is required");
        assertEquals(2, run("stop", "--server", "nohost").code());
    }

    @Test
    void anUnreachableServerExits4() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("stop", "--server", "http://127.0.0.1:" + port);
        assertEquals(4, r.code(), r.err());
        assertTrue(r.err().startsWith("hark train: cannot reach"), r.err());
    }

    @Test
    void followPrintsOneLinePerMessage() {
        assertEquals("progress  epoch 1/30  step 12/90  loss 3.500  lr 0.0001000",
                TrainApplication.line(new TrainingProgress(1, 30, 12, 90, 3.5, 1e-4, null, null, null, null, null, null)));
        assertEquals("validation  epoch 1  val_loss 46.25",
                TrainApplication.line(new ValidationResult(1, 46.24620819091797, null, null, 0, List.of())));
        assertEquals("log  INFO  Epoch 1/30", TrainApplication.line(new TrainingLog("INFO", "Epoch 1/30")));
        assertEquals("status  stopped  学習がユーザーによって停止されました。",
                TrainApplication.line(new TrainingStatus("stopped", "学習がユーザーによって停止されました。", null, null)));
        assertNull(TrainApplication.line(new DatasetStatus("ljspeech", "downloaded", null)));
        assertTrue(TrainApplication.ended("stopped") && TrainApplication.ended("failed") && !TrainApplication.ended("running"));
    }
}
