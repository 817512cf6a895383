package dev.hark.testing;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;

/**
 * Every thread of this JVM with its whole stack, the monitors and locks it holds and what it waits for (and who owns
 * that), as jstack prints them. {@link ThreadInfo#toString()} cuts stacks at eight frames, which hides where a hang
 * began; this does not. For tests that give up on a wait: print it first, then fail.
 */
public final class ThreadDump {

    private ThreadDump() {
    }

    /** The dump as text, deadlocked threads (if any) named first. */
    public static String text() {
        var bean = ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder();
        long[] deadlocked = bean.findDeadlockedThreads();
        if (deadlocked != null) {
            out.append("DEADLOCK between threads");
            for (long id : deadlocked) {
                out.append(' ').append(id);
            }
            out.append('\n');
        }
        for (ThreadInfo info : bean.dumpAllThreads(bean.isObjectMonitorUsageSupported(), bean.isSynchronizerUsageSupported())) {
            append(out, info);
        }
        return out.toString();
    }

    /** Prints {@link #text()} to standard output under {@code why}. */
    public static void print(String why) {
        System.out.println("==== thread dump: " + why + " ====");
        System.out.println(text());
        System.out.println("==== end of thread dump ====");
        System.out.flush();
    }

    private static void append(StringBuilder out, ThreadInfo info) {
        out.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId())
                .append(info.isDaemon() ? " daemon" : "").append(' ').append(info.getThreadState());
        if (info.getLockName() != null) {
            out.append(" on ").append(info.getLockName());
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append("\" #").append(info.getLockOwnerId());
            }
        }
        out.append('\n');
        StackTraceElement[] stack = info.getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            out.append("    at ").append(stack[i]).append('\n');
            for (MonitorInfo m : info.getLockedMonitors()) {
                if (m.getLockedStackDepth() == i) {
                    out.append("    - locked ").append(m).append('\n');
                }
            }
        }
        LockInfo[] synchronizers = info.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            out.append("    holds");
            for (LockInfo l : synchronizers) {
                out.append(' ').append(l);
            }
            out.append('\n');
        }
        out.append('\n');
    }
}
