package dev.hark.process.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.process.ChildProcess;

/** Real child processes (/bin/sh): readiness, tails, logs, stdin, stop, cleanup, thread names. */
class ChildProcessTest {

    private static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    @Test
    void readinessComesFromALineAndOutputKeepsFlowing(@TempDir Path dir) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Path log = dir.resolve("out.log");
        try (ChildProcess<Integer> child = ChildProcess.<Integer>builder("test-child",
                sh("echo starting; echo 'READY 4242'; echo after; read x; echo got $x; exit 3"))
                .onStdout(seen::add).logStdout(log)
                .readyWhen(line -> line.startsWith("READY ") ? Optional.of(Integer.parseInt(line.substring(6))) : Optional.empty())
                .start()) {
            assertEquals(4242, child.awaitReady(Duration.ofSeconds(10)));
            assertTrue(child.sendLine("stop"));
            assertEquals(3, child.waitFor());
            assertEquals(List.of("starting", "READY 4242", "after", "got stop"), seen);
            assertEquals(List.of("starting", "READY 4242", "after", "got stop"), Files.readAllLines(log));
        }
    }

    @Test
    void aChildThatExitsBeforeItIsReadySaysWhy() throws Exception {
        try (ChildProcess<String> child = ChildProcess.<String>builder("early-exit",
                sh("echo 'no port for you' >&2; exit 1")).mergeStderr()
                .readyWhen(line -> Optional.<String>empty()).start()) {
            IOException e = assertThrows(IOException.class, () -> child.awaitReady(Duration.ofSeconds(10)));
            assertTrue(e.getMessage().contains("early-exit exited before it was ready"), e.getMessage());
            assertTrue(e.getMessage().contains("no port for you"), e.getMessage());
        }
    }

    @Test
    void aChildThatNeverGetsReadyIsKilledAtTheTimeout() throws Exception {
        try (ChildProcess<String> child = ChildProcess.<String>builder("silent", sh("sleep 30"))
                .readyWhen(line -> Optional.of(line)).start()) {
            IOException e = assertThrows(IOException.class, () -> child.awaitReady(Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("not ready within"), e.getMessage());
            assertTrue(child.waitFor(Duration.ofSeconds(5)));
            assertFalse(child.isAlive());
        }
    }

    @Test
    void tailsAreBoundedAndStderrIsKeptApart() throws Exception {
        try (ChildProcess<Void> child = ChildProcess.<Void>builder("chatty",
                sh("i=0; while [ $i -lt 500 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done")).tailLines(10).start()) {
            assertEquals(0, child.waitFor());
            assertEquals(10, child.outputTail().size());
            assertEquals("out499", child.outputTail().get(9));
            assertEquals("err490", child.errorTail().get(0));
            assertEquals("err497 | err498 | err499", child.lastLines(3));
        }
    }

    @Test
    void stopTurnsForcibleForAChildThatIgnoresTerm() throws Exception {
        try (ChildProcess<String> child = ChildProcess.<String>builder("stubborn",
                sh("trap '' TERM; echo up; while true; do sleep 1; done"))
                .readyWhen(line -> line.equals("up") ? Optional.of(line) : Optional.empty()).start()) {
            child.awaitReady(Duration.ofSeconds(10));
            long t0 = System.nanoTime();
            child.stop(Duration.ofMillis(300));
            assertFalse(child.isAlive());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
        }
    }

    @Test
    void whatTheChildStartsDuringTheGraceIsKilledToo() throws Exception {
        // the shell ignores TERM (and so does what it starts), and starts its long command only after stop's first
        // look at its descendants: that command used to outlive the stop, holding the output pipes (and the pump
        // threads) open. CI met the same with a shell whose TERM arrived before it forked
        try (ChildProcess<String> child = ChildProcess.<String>builder("late",
                sh("trap '' TERM; echo up; sleep 1; sleep 30")).readyWhen(line -> line.equals("up") ? Optional.of(line) : Optional.empty())
                .start()) {
            child.awaitReady(Duration.ofSeconds(10));
            ProcessHandle shell = ProcessHandle.of(child.pid()).orElseThrow();
            java.util.concurrent.CompletableFuture<List<ProcessHandle>> late = new java.util.concurrent.CompletableFuture<>();
            Thread look = new Thread(() -> { // the shell's children 2 s into the grace: the sleep 30 it started after the first look
                try {
                    Thread.sleep(2_000);
                    late.complete(shell.descendants().toList());
                } catch (InterruptedException e) {
                    late.completeExceptionally(e);
                }
            }, "late-look");
            look.start();
            child.stop(Duration.ofSeconds(4));
            assertFalse(child.isAlive());
            List<ProcessHandle> started = late.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(started.isEmpty(), "the shell had started its sleep 30 during the grace");
            for (ProcessHandle h : started) {
                h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS); // killed with the family (else this times out)
            }
        }
        Thread.sleep(100);
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("late-") && t.isAlive()),
                "the output pumps ended with the pipes");
    }

    @Test
    void closeDeletesOwnedFoldersAndPumpThreadsAreNamedAndEnd(@TempDir Path dir) throws Exception {
        Path owned = Files.createDirectories(dir.resolve("config-copy").resolve("nested"));
        Files.writeString(owned.resolve("config.ini"), "x");
        ChildProcess<Void> child = ChildProcess.<Void>builder("named", sh("sleep 30")).owns(dir.resolve("config-copy")).start();
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("named-stdout")));
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("named-stderr")));
        child.close();
        assertFalse(child.isAlive());
        assertFalse(Files.exists(dir.resolve("config-copy")));
        Thread.sleep(100);
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("named-") && t.isAlive()));
    }

    @Test
    void aCommandThatCannotStartIsAClearErrorAndCleansUp(@TempDir Path dir) throws Exception {
        Path owned = Files.createDirectories(dir.resolve("tmp"));
        IOException e = assertThrows(IOException.class,
                () -> ChildProcess.builder("ghost", List.of(dir.resolve("no-such-program").toString())).owns(owned).start());
        assertTrue(e.getMessage().startsWith("cannot start ghost"), e.getMessage());
        assertFalse(Files.exists(owned));
    }

    @Test
    void environmentIsAdjusted() throws Exception {
        try (ChildProcess<Void> child = ChildProcess.<Void>builder("env", sh("echo \"[$HARK_A][$HARK_B]\""))
                .env("HARK_A", "set").removeEnv("HARK_B").start()) {
            child.waitFor();
            assertEquals(List.of("[set][]"), child.outputTail());
        }
    }
}
