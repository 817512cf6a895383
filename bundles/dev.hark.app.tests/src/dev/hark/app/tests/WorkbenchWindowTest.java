package dev.hark.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.core.ConnectionState;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamStateChanged;

/**
 * Starts the Hark workbench (the product's application and model) under the test display, posts
 * connection-state events on the real EventAdmin and checks that the open part shows them in place.
 */
class WorkbenchWindowTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static RunningWorkbench workbench;

    @BeforeAll
    static void openWorkbench() throws Exception {
        workbench = RunningWorkbench.start(TIMEOUT);
    }

    @AfterAll
    static void closeWorkbench() throws Exception {
        if (workbench != null) {
            workbench.close();
            assertTrue(workbench.mainShell() == null, "the main window is still open after Quit");
        }
    }

    private static EventAdmin eventAdmin() throws Exception {
        BundleContext context = RunningWorkbench.bundleContext();
        ServiceTracker<EventAdmin, EventAdmin> tracker = new ServiceTracker<>(context, EventAdmin.class, null);
        tracker.open();
        EventAdmin admin = tracker.waitForService(10_000);
        assertNotNull(admin, "no EventAdmin in the workbench runtime");
        return admin;
    }

    private static Label only(String id) throws Exception {
        List<Control> found = workbench.sync(() -> workbench.findAll(id));
        assertEquals(1, found.size(), "widgets tagged " + id + ": " + found);
        return (Label) found.get(0);
    }

    private static String text(Label label) throws Exception {
        return workbench.sync(label::getText);
    }

    @Test
    void mainWindowIsTitledHarkWithAStatusBar() throws Exception {
        Shell shell = workbench.mainShell();
        assertNotNull(shell);
        assertEquals("Hark", workbench.sync(shell::getText));
        Label status = only("status.connection");
        assertTrue(text(status).startsWith("Connection: "));
        // the status bar must really be laid out, not a 0x0 widget that holds the right text
        assertTrue(workbench.sync(() -> status.isVisible() && status.getSize().y > 5 && status.getSize().x > 100),
                "status line has no room: " + workbench.sync(status::getSize));
        File shot = workbench.screenshot("workbench-main");
        assertTrue(shot.length() > 1000, "screenshot too small: " + shot);
    }

    @Test
    void connectionPartShowsPostedStatesWithoutBeingRecreated() throws Exception {
        Label state = only("connection.state");
        Label server = only("connection.server");
        Label reconnects = only("connection.reconnects");
        Label status = only("status.connection");
        EventAdmin admin = eventAdmin();

        String url = "ws://127.0.0.1:58081/ws";
        admin.postEvent(HarkEvents.create(HarkTopics.STREAM_STATE,
                new StreamStateChanged(ConnectionState.CONNECTING, url, "opening", 0, Instant.now())));
        admin.postEvent(HarkEvents.create(HarkTopics.STREAM_STATE,
                new StreamStateChanged(ConnectionState.READY, url, "server ready", 2, Instant.now())));
        workbench.waitUntil(TIMEOUT, () -> call(() -> "Ready".equals(text(state))), "the part to show Ready");

        assertEquals(url, text(server));
        assertEquals("2", text(reconnects));
        assertEquals("Connection: Ready \u2014 " + url, text(status));
        // the very same widgets, still alive: the part updated in place
        assertSame(state, only("connection.state"));
        assertFalse(workbench.sync(state::isDisposed));
        workbench.screenshot("workbench-connection-ready");

        admin.postEvent(HarkEvents.create(HarkTopics.STREAM_STATE,
                new StreamStateChanged(ConnectionState.FAILED, url, "refused", 3, Instant.now())));
        workbench.waitUntil(TIMEOUT, () -> call(() -> "Failed".equals(text(state))), "the part to show Failed");
        assertEquals("refused", text(only("connection.detail")));
        assertSame(state, only("connection.state"));
    }

    private interface Check {
        boolean get() throws Exception;
    }

    private static boolean call(Check check) {
        try {
            return check.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
