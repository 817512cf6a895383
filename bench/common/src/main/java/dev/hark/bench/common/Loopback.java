package dev.hark.bench.common;

import java.net.URI;

/** The benchmarks talk to servers on this machine only. */
public final class Loopback {

    private Loopback() {
    }

    /** The URL as a URI; refused unless its host is 127.0.0.1. */
    public static URI uri(String url) {
        URI u = URI.create(url);
        if (!"127.0.0.1".equals(u.getHost())) {
            throw new IllegalArgumentException("the benchmark only talks to 127.0.0.1, not " + u.getHost());
        }
        return u;
    }
}
