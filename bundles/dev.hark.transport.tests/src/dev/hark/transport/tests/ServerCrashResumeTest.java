package dev.hark.transport.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.audio.FileSource;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.session.TranscriptionSession;
import dev.hark.testing.Await;
import dev.hark.testing.RecordingBus;
import dev.hark.testing.ServerProcess;
import dev.hark.testing.WordErrorRate;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.ReconnectPolicy;

/**
 * Transparent resume (issue 14, point 3): a real server process killed with SIGKILL twice during a 60-second v2 stream,
 * restarted on the same port each time. The client resumes, replays what was not committed and brings back the
 * recognizer's adaptive state from before its last utterance with that utterance's committed frames (the warm-up), so
 * the restarted server's decoder recognizes the replayed audio as the killed one would have. Through a loud DC-offset
 * channel a cold decoder differed by 14.7 %, the newest state alone by 0-3.2 % (3.2 % in three of four runs), the
 * state with the warm-up by 0 %; the test allows issue 14's {@value #MAX_DIFFERENCE}.
 */
class ServerCrashResumeTest {

    static final Duration WAIT = Duration.ofSeconds(240);
    /** Reconnects quickly, and keeps trying while a killed server's successor starts (a JVM and a model: seconds). */
    /** Word difference allowed after the kills (a cold decoder gave 14.7 %, the state alone 0-3.2 %, with the warm-up 0). */
    static final double MAX_DIFFERENCE = 0.03;
    static final ReconnectPolicy PATIENT = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 0.2,
            Duration.ofSeconds(120));

    @Test
    void twoKillsDuringAMinuteLeaveTheTranscriptCloseToTheFaultFreeOne(@TempDir Path dir) throws Exception {
        Path minute = dir.resolve("minute.wav");
        String reference = TestAudio.recording(minute, 60, 16_000);
        throughAChannel(minute);
        int port = dev.hark.testing.RunningServer.freePort();
        Path data = dir.resolve("data");
        ServerProcess server = ServerProcess.start(port, data);
        try {
            ClientSettings settings = ClientSettings.of(server.httpUri(), "en-us").withReconnect(PATIENT);
            // the reference is the fault-free transcript of the first process and that of the last one (after the kills):
            // they have always been equal, but one earlier build's fault-free run differed in two words from another's
            String faultFree = transcribe(settings, minute);
            int referenceWords = faultFree.split(" ").length; // the kill points are shares of what is recognized
            // the channel costs words even without faults (WER 0.17-0.35 against the script seen): only a sanity bound
            double faultFreeWer = WordErrorRate.of(reference, faultFree);
            assertTrue(faultFreeWer <= 0.5, "the fault-free run itself (WER " + faultFreeWer + "): " + faultFree);

            String resumed;
            int kills = 0;
            try (TranscriptionSession session = new TranscriptionSession(settings, new RecordingBus())) {
                // as fast as the server decodes: kill points are set by what it has recognized, not by time
                CompletableFuture<TranscriptDocument> done = session.start(new FileSource(minute, 16_000, false));
                for (double share : new double[] { 0.3, 0.65 }) {
                    int words = (int) (referenceWords * share);
                    Await.until(WAIT, share + " of the words to be recognized", () -> wordsFinal(session.transcript()) >= words);
                    server.kill(); // SIGKILL: sessions, decoders and unsent finals die with it
                    server.close(); // its configuration copy
                    kills++;
                    server = ServerProcess.start(port, data);
                }
                resumed = done.get(WAIT.toSeconds(), TimeUnit.SECONDS).finalText();
                assertTrue(session.client().metrics().reconnects() >= kills, "the client must have resumed after each kill");
            }
            String faultFreeAgain = transcribe(settings, minute); // on the last process
            double noise = WordErrorRate.of(faultFree, faultFreeAgain);
            double difference = Math.min(WordErrorRate.of(faultFree, resumed), WordErrorRate.of(faultFreeAgain, resumed));
            System.out.printf("two kills -9 in 60 s: %.3f word difference from the closer fault-free transcript (the fault-free"
                    + " runs of the first and the last process differ by %.3f; fault-free WER %.3f)%n fault-free: %s%n last:       %s%n"
                    + " resumed:    %s%n", difference, noise,
                    faultFreeWer, faultFree, faultFreeAgain, resumed);
            // issue 14 asks for <= 3 %: through this hard channel the newest state alone gave 3.2 % in three runs of four
            // (the front end's noise estimate and detector are not in it); the warm-up frames bring them back
            assertTrue(difference <= MAX_DIFFERENCE, "after " + kills + " kills the transcript differs by " + difference
                    + " of its words from the fault-free one:\n" + faultFree + "\n" + resumed);
        } finally {
            server.close();
        }
    }

    /**
     * Gives the recording a channel unlike the acoustic model's training data, as a real microphone and room do: three
     * times the gain and a DC offset. Live cepstral mean normalization adapts to it over the first utterances, so a
     * decoder that starts cold after a restart recognizes the next utterances differently: the state matters here.
     */
    private static void throughAChannel(Path wav) throws Exception {
        var audio = dev.hark.core.audio.AudioFiles.read(wav);
        float[] samples = audio.samples();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Math.max(-1f, Math.min(1f, samples[i] * 3f + 0.05f));
        }
        dev.hark.testing.Speech.writeWav(wav, samples, audio.sampleRate());
    }

    private static String transcribe(ClientSettings settings, Path file) throws Exception {
        try (TranscriptionSession session = new TranscriptionSession(settings, new RecordingBus())) {
            return session.start(new FileSource(file, 16_000, false)).get(WAIT.toSeconds(), TimeUnit.SECONDS).finalText();
        }
    }

    private static int wordsFinal(TranscriptDocument doc) {
        return doc.snapshot().stream().filter(s -> s.kind() == Segment.Kind.FINAL)
                .mapToInt(s -> s.text().isBlank() ? 0 : s.text().strip().split("\\s+").length).sum();
    }
}
