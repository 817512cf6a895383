import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * What pocketsphinx's end-of-utterance search passes cost and what they are worth (docs/benchmarks.md, "Endpointing"):
 * decodes a corpus of utterances (16 kHz 16-bit raw files with their texts, one "text<TAB>file" per line of the list)
 * with the en-us model once per setting — full (fwdflat + bestpath, pocketsphinx's default), bestpath (-fwdflat no),
 * tree (-fwdflat no -bestpath no) — and prints the CPU time of ps_end_utt (the work between the endpoint and the final),
 * of the whole decode, and the WER. CPU time of the decoding thread, so other processes on the machine do not inflate it.
 * Run by bench/end-search.sh; a single-file program (java EndSearchCost.java) with JNA on the class path.
 */
public class EndSearchCost {

    public interface Sphinxbase extends Library {
        Pointer cmd_ln_parse_r(Pointer inout, Pointer defn, int argc, String[] argv, int strict);
        void err_set_logfp(Pointer file);
    }

    public interface Pocketsphinx extends Library {
        final class SizeT extends IntegerType {
            public SizeT() { this(0); }
            public SizeT(long v) { super(Native.SIZE_T_SIZE, v, true); }
        }
        Pointer ps_args();
        Pointer ps_init(Pointer config);
        int ps_free(Pointer ps);
        int ps_start_utt(Pointer ps);
        int ps_process_raw(Pointer ps, short[] data, SizeT n, int noSearch, int fullUtt);
        int ps_end_utt(Pointer ps);
        String ps_get_hyp(Pointer ps, IntByReference score);
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        List<String[]> corpus = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (!line.isBlank()) {
                corpus.add(line.split("\t"));
            }
        }
        Sphinxbase sb = Native.load("libsphinxbase.so.3", Sphinxbase.class);
        Pocketsphinx ps = Native.load("libpocketsphinx.so.3", Pocketsphinx.class);
        sb.err_set_logfp(null);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        System.out.println("| end search | utterances | speech (s) | ps_end_utt CPU p50 (ms) | p95 (ms) | per s of speech (ms) | whole decode CPU, RTF | WER |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (String setting : new String[] { "full", "bestpath", "tree" }) {
            List<String> argv = new ArrayList<>(List.of("-hmm", model.resolve("en-us").toString(), "-dict",
                    model.resolve("cmudict-en-us.dict").toString(), "-lm", model.resolve("en-us.lm.bin").toString(),
                    "-vad_postspeech", "40"));
            if (!setting.equals("full")) {
                argv.addAll(List.of("-fwdflat", "no"));
            }
            if (setting.equals("tree")) {
                argv.addAll(List.of("-bestpath", "no"));
            }
            Pointer config = sb.cmd_ln_parse_r(null, ps.ps_args(), argv.size(), argv.toArray(String[]::new), 1);
            Pointer decoder = ps.ps_init(config);
            double[] endMillis = new double[corpus.size()];
            double totalCpu = 0;
            double speech = 0;
            int errors = 0;
            int words = 0;
            for (int u = 0; u < corpus.size(); u++) {
                String text = corpus.get(u)[0];
                byte[] raw = Files.readAllBytes(Path.of(corpus.get(u)[1]));
                short[] pcm = new short[raw.length / 2];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
                speech += pcm.length / 16000.0;
                long t0 = cpu.getCurrentThreadCpuTime();
                ps.ps_start_utt(decoder);
                short[] block = new short[1600];
                for (int at = 0; at < pcm.length; at += block.length) {
                    int n = Math.min(block.length, pcm.length - at);
                    System.arraycopy(pcm, at, block, 0, n);
                    ps.ps_process_raw(decoder, block, new Pocketsphinx.SizeT(n), 0, 0);
                }
                long t1 = cpu.getCurrentThreadCpuTime();
                ps.ps_end_utt(decoder);
                long t2 = cpu.getCurrentThreadCpuTime();
                endMillis[u] = (t2 - t1) / 1e6;
                totalCpu += (t2 - t0) / 1e9;
                String hyp = ps.ps_get_hyp(decoder, new IntByReference());
                String[] ref = text.toLowerCase().replaceAll("[^a-z' ]", " ").trim().split("\\s+");
                String[] got = hyp == null || hyp.isBlank() ? new String[0] : hyp.trim().split("\\s+");
                errors += distance(ref, got);
                words += ref.length;
            }
            ps.ps_free(decoder);
            double[] sorted = endMillis.clone();
            Arrays.sort(sorted);
            double sum = Arrays.stream(endMillis).sum();
            System.out.printf("| %s | %d | %.0f | %.1f | %.1f | %.1f | %.3f | %.1f %% |%n", setting, corpus.size(), speech,
                    sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.95) - 1], sum / speech,
                    totalCpu / speech, 100.0 * errors / words);
        }
    }

    private static int distance(String[] a, String[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1].equals(b[j - 1]) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }
}
