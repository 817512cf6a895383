package dev.hark.bench.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time from /proc (Linux), in clock ticks ({@code getconf CLK_TCK}, usually 100 a second). */
public final class ProcCpu {

    /** One moment: when, a watched process's ticks, this JVM's ticks, and the whole machine's busy and total ticks. */
    public record Sample(long nanos, long process, long self, Machine machine) {
    }

    /** The whole machine's ticks, every CPU added: all of them, and idle + iowait among them. */
    public record Machine(long total, long idle) {
        public long busy() {
            return total - idle;
        }
    }

    private ProcCpu() {
    }

    public static Sample sample(long pid) throws IOException {
        return new Sample(System.nanoTime(), processTicks(pid), selfTicks(), machine());
    }

    /** utime + stime of a process (/proc/PID/stat fields 14 and 15). */
    public static long processTicks(long pid) throws IOException {
        return ticks(Path.of("/proc/" + pid + "/stat"));
    }

    /** utime + stime of this JVM. */
    public static long selfTicks() throws IOException {
        return ticks(Path.of("/proc/self/stat"));
    }

    private static long ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The first line of /proc/stat: user nice system idle iowait irq softirq steal. */
    public static Machine machine() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long total = 0;
                for (int k = 1; k < f.length && k <= 8; k++) {
                    total += Long.parseLong(f[k]);
                }
                return new Machine(total, Long.parseLong(f[4]) + Long.parseLong(f[5]));
            }
        }
        throw new IOException("no cpu line in /proc/stat");
    }
}
