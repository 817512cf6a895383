package dev.hark.engine.ctc.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogMelTest {

    static final double SILENCE = Math.log(1e-6);

    static float[] sine(double hz, double amplitude, int samples) {
        float[] s = new float[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / LogMel.SAMPLE_RATE));
        }
        return s;
    }

    /** The centre frequency of band {@code b}, from the HTK mel scale between 20 Hz and 8 kHz, independently of LogMel. */
    static double centre(int b) {
        double low = 2595 * Math.log10(1 + 20 / 700.0), high = 2595 * Math.log10(1 + 8000 / 700.0);
        double mel = low + (high - low) * (b + 1) / (LogMel.BANDS + 1);
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    static int loudest(float[] frame) {
        int best = 0;
        for (int b = 1; b < frame.length; b++) {
            if (frame[b] > frame[best]) {
                best = b;
            }
        }
        return best;
    }

    @Test
    void framesAndShapes() {
        assertEquals(0, LogMel.frames(0));
        assertEquals(0, LogMel.frames(399));
        assertEquals(1, LogMel.frames(400));
        assertEquals(1, LogMel.frames(559));
        assertEquals(2, LogMel.frames(560));
        assertEquals(98, LogMel.frames(16_000), "1 s: (16000 - 400) / 160 + 1");
        float[][] f = new LogMel().compute(new float[16_000]);
        assertEquals(98, f.length);
        for (float[] frame : f) {
            assertEquals(LogMel.BANDS, frame.length);
        }
        assertEquals(0, new LogMel().compute(new float[399]).length);
        assertEquals(0.01, LogMel.FRAME_SECONDS, 1e-12);
    }

    @Test
    void silenceIsTheFloorInEveryBand() {
        for (float[] frame : new LogMel().compute(new float[4000])) {
            for (float v : frame) {
                assertEquals(SILENCE, v, 1e-4);
            }
        }
    }

    @Test
    void aSineLandsInTheBandCentredOnItsFrequency() {
        LogMel mel = new LogMel();
        for (int band : new int[] { 8, 13, 20, 27, 34, 38 }) {
            double hz = centre(band);
            float[][] f = mel.compute(sine(hz, 0.5, 4000));
            for (float[] frame : f) {
                assertEquals(band, loudest(frame), String.format("%.0f Hz", hz));
                assertTrue(frame[band] > SILENCE + 20, "far above the floor");
            }
        }
    }

    @Test
    void oneKilohertzIsBandThirteen() {
        // HTK mel(1000 Hz) = 1000; bands are 68.5 mel apart from mel(20 Hz) = 31.7: 1000 is closest to centre 14 - 1
        assertEquals(13, loudest(new LogMel().compute(sine(1000, 0.3, 1000))[0]));
    }

    @Test
    void twiceTheAmplitudeIsFourTimesTheEnergy() {
        LogMel mel = new LogMel();
        float[] quiet = mel.compute(sine(centre(20), 0.1, 800))[0];
        float[] loud = mel.compute(sine(centre(20), 0.2, 800))[0];
        assertEquals(Math.log(4), loud[20] - quiet[20], 1e-3);
    }

    @Test
    void eachFrameSeesOnlyItsOwnWindow() {
        float[] s = new float[2000];
        s[1000] = 1f; // frames whose window [160 i, 160 i + 400) holds sample 1000: 4, 5 and 6
        float[][] f = new LogMel().compute(s);
        for (int i = 0; i < f.length; i++) {
            boolean covered = i >= 4 && i <= 6;
            assertEquals(covered, f[i][20] > SILENCE + 1, "frame " + i);
        }
    }

    @Test
    void frameByFrameEqualsTheWholeRecording() {
        float[] s = sine(440, 0.4, 3000);
        for (int i = 0; i < s.length; i++) {
            s[i] += (float) (0.05 * Math.sin(i * 0.37));
        }
        LogMel mel = new LogMel();
        float[][] whole = mel.compute(s);
        for (int i = 0; i < whole.length; i++) {
            assertArrayEquals(whole[i], mel.frame(s, i * LogMel.HOP), 0f, "frame " + i);
        }
    }
}
