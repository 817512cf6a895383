package dev.hark.engine.ctc.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngine;

/**
 * DJL's PyTorch engine in the OSGi test runtime, offline, with one intra-op thread as the worker uses it. DJL finds
 * its engine with {@link java.util.ServiceLoader} and PyTorch's natives as class-path resources, both through the
 * thread's context class loader: during the first use that is the PyTorch engine bundle's loader, which sees the
 * native bundles through its dynamic imports.
 */
final class Djl {

    private static Engine engine;

    private Djl() {
    }

    static synchronized Engine engine() {
        if (engine == null) {
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("ai.djl.default_engine", "PyTorch");
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(PtEngine.class.getClassLoader());
            try {
                engine = Engine.getEngine("PyTorch");
                engine.setRandomSeed(7);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
        return engine;
    }
}
