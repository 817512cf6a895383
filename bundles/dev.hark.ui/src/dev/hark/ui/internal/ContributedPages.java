package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.IPreferencePage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import dev.hark.ui.preferences.PreferencePageContribution;

/**
 * The plugins' pages of one Preferences dialog ({@link PreferencePageContribution} services): looked up when the
 * dialog opens, one tab each after Hark's own; OK and Cancel are passed on; everything is released when the
 * dialog closes. A plugin whose page throws gets a tab saying so (with its bundle name) instead of its page.
 */
final class ContributedPages {

    private static final Logger LOG = Logger.getLogger(ContributedPages.class.getName());

    private record Page(ServiceReference<PreferencePageContribution> ref, String plugin, IPreferencePage page) {
    }

    private final BundleContext context;
    private final List<ServiceReference<PreferencePageContribution>> refs = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();

    ContributedPages() {
        Bundle bundle = FrameworkUtil.getBundle(ContributedPages.class);
        context = bundle == null ? null : bundle.getBundleContext();
        if (context != null) {
            try {
                refs.addAll(context.getServiceReferences(PreferencePageContribution.class, null));
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e); // no filter given
            }
            refs.sort(null); // by ranking, then by registration order
            java.util.Collections.reverse(refs);
        }
    }

    boolean isEmpty() {
        return refs.isEmpty();
    }

    /** Adds one tab per contribution to {@code tabs}. */
    void createTabs(TabFolder tabs) {
        for (ServiceReference<PreferencePageContribution> ref : refs) {
            String plugin = ref.getBundle().getSymbolicName();
            PreferencePageContribution c = context.getService(ref);
            if (c == null) {
                continue; // gone since the lookup
            }
            TabItem item = new TabItem(tabs, SWT.NONE);
            Composite holder = new Composite(tabs, SWT.NONE);
            GridLayoutFactory.swtDefaults().applyTo(holder);
            item.setControl(holder);
            try {
                item.setText(c.label());
                IPreferencePage page = c.createPage();
                page.createControl(holder);
                GridDataFactory.fillDefaults().grab(true, true).applyTo(page.getControl());
                pages.add(new Page(ref, plugin, page));
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "Hark: the preference page of " + plugin + " failed", e);
                if (item.getText().isEmpty()) {
                    item.setText(plugin);
                }
                for (var child : holder.getChildren()) {
                    child.dispose();
                }
                Label l = Widgets.tag(new Label(holder, SWT.WRAP), "prefs.pageFailed");
                l.setText(NLS.bind(Messages.Prefs_pageFailed, plugin, e.getMessage() == null ? e.toString() : e.getMessage()));
                GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(l);
                context.ungetService(ref);
            }
        }
    }

    /** OK: each page saves; one that throws is logged and the others still save. */
    void performOk() {
        for (Page p : pages) {
            try {
                p.page().performOk();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Hark: the preference page of " + p.plugin() + " failed to save", e);
            }
        }
    }

    void performCancel() {
        for (Page p : pages) {
            try {
                p.page().performCancel();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Hark: the preference page of " + p.plugin() + " failed on cancel", e);
            }
        }
    }

    /** Disposes the pages and releases the services. */
    void dispose() {
        for (Page p : pages) {
            try {
                p.page().dispose();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Hark: disposing the preference page of " + p.plugin(), e);
            }
            context.ungetService(p.ref());
        }
        pages.clear();
    }
}
