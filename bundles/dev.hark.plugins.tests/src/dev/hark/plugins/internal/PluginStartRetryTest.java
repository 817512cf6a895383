package dev.hark.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * How a plugin's start meets the framework's answers. The answers are scripted: the race that makes Equinox answer
 * "No resolution report for the bundle" (a launch's FileInstall refresh beside the start, seen once in CI) cannot be
 * brought about on demand with a real framework, so a stand-in bundle gives the framework's exact words.
 */
class PluginStartRetryTest {

    /** What Equinox's Module.start throws when its resolve raced another one (Msg.Module_ResolveError + NoReport). */
    private static BundleException raced() {
        return new BundleException("Could not resolve module: dev.hark.examples.textgrid [127]\n  No resolution report for the bundle.",
                BundleException.RESOLVE_ERROR);
    }

    private static BundleException missing() {
        return new BundleException("Could not resolve module: test.needs.missing [130]\n"
                + "  Unresolved requirement: Import-Package: dev.hark.does.not.exist", BundleException.RESOLVE_ERROR);
    }

    /** A bundle whose start answers with the scripted exceptions, then succeeds (ends STARTING, as a lazy bundle does). */
    private static Bundle bundle(AtomicInteger starts, BundleException... answers) {
        Deque<BundleException> script = new ArrayDeque<>(List.of(answers));
        int[] state = { Bundle.INSTALLED };
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class }, (proxy, m, args) -> {
            switch (m.getName()) {
                case "getState":
                    return state[0];
                case "getHeaders":
                    return new Hashtable<String, String>();
                case "start":
                    starts.incrementAndGet();
                    if (!script.isEmpty()) {
                        throw script.poll();
                    }
                    state[0] = Bundle.STARTING;
                    return null;
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void aResolveThatRacedAnotherIsTriedAgainAndThePluginStarts() {
        AtomicInteger starts = new AtomicInteger();
        Bundle b = bundle(starts, raced(), raced());
        assertNull(PluginRegistry.startRetryingTransientResolves(b, 4, 1));
        assertEquals(3, starts.get());
        assertEquals(Bundle.STARTING, b.getState());
    }

    @Test
    void aMissingRequirementIsReportedAtOnce() {
        AtomicInteger starts = new AtomicInteger();
        BundleException missing = missing();
        assertSame(missing, PluginRegistry.startRetryingTransientResolves(bundle(starts, missing), 4, 1));
        assertEquals(1, starts.get(), "a missing requirement does not go away by asking again");
    }

    @Test
    void aRaceThatDoesNotEndIsReportedAfterTheLastAttempt() {
        AtomicInteger starts = new AtomicInteger();
        BundleException last = raced();
        assertSame(last, PluginRegistry.startRetryingTransientResolves(bundle(starts, raced(), raced(), raced(), last), 4, 1));
        assertEquals(4, starts.get());
    }

    @Test
    void onlyAResolveErrorWithoutAReasonCountsAsARace() {
        assertTrue(PluginRegistry.transientResolveFailure(raced()));
        assertTrue(!PluginRegistry.transientResolveFailure(missing()));
        assertTrue(!PluginRegistry.transientResolveFailure(new BundleException("No resolution report for the bundle.", BundleException.ACTIVATOR_ERROR)));
        assertTrue(!PluginRegistry.transientResolveFailure(new IllegalStateException("No resolution report for the bundle.")));
        assertTrue(!PluginRegistry.transientResolveFailure(null));
    }
}
