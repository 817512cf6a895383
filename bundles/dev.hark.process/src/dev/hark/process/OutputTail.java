package dev.hark.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last lines of a stream, bounded; thread-safe. */
final class OutputTail {

    private final int capacity;
    private final ArrayDeque<String> lines;

    OutputTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    synchronized void add(String line) {
        lines.addLast(line);
        while (lines.size() > capacity) {
            lines.removeFirst();
        }
    }

    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }
}
