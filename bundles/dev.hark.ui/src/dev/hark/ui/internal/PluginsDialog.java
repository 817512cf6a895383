package dev.hark.ui.internal;

import java.util.List;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

import dev.hark.core.services.InstalledPlugin;
import dev.hark.core.services.PluginService;

/**
 * The installed plugins in a table: name, version, state, the reason when one does not work, and its file. Reads a
 * snapshot of the {@link PluginService} (never blocks); Refresh reads it again (a jar dropped in while Hark runs).
 */
public final class PluginsDialog extends Dialog {

    static final int REFRESH = IDialogConstants.CLIENT_ID + 1;

    private final PluginService plugins;
    private TableViewer viewer;
    private Label folders;

    public PluginsDialog(Shell parent, PluginService plugins) {
        super(parent);
        this.plugins = plugins;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.Plugins_title);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.fillDefaults().margins(10, 10).applyTo(area);
        folders = new Label(area, SWT.WRAP);
        folders.setData(Widgets.ID, "plugins.folders");
        GridDataFactory.fillDefaults().grab(true, false).hint(760, SWT.DEFAULT).applyTo(folders);
        viewer = new TableViewer(area, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setData(Widgets.ID, "plugins.table");
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        column(Messages.Plugins_name, 220, InstalledPlugin::name, null);
        column(Messages.Plugins_version, 110, p -> p.version().isEmpty() ? "-" : p.version(), null);
        column(Messages.Plugins_state, 100, p -> p.state().label(), null);
        column(Messages.Plugins_problem, 320, InstalledPlugin::problem, SWT.COLOR_DARK_RED);
        column(Messages.Plugins_file, 260, p -> String.valueOf(p.file()), null);
        GridDataFactory.fillDefaults().grab(true, true).hint(820, 260).applyTo(viewer.getTable());
        refresh();
        return area;
    }

    private void column(String title, int width, java.util.function.Function<InstalledPlugin, String> text, Integer color) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((InstalledPlugin) element);
            }

            @Override
            public Color getForeground(Object element) {
                return color == null || ((InstalledPlugin) element).works() ? null : viewer.getTable().getDisplay().getSystemColor(color);
            }
        });
    }

    private void refresh() {
        if (plugins == null) {
            folders.setText(Messages.Plugins_noRegistry);
            viewer.setInput(List.of());
            return;
        }
        List<InstalledPlugin> list = plugins.plugins();
        folders.setText(Messages.Plugins_folders + " " + String.join("   ", plugins.folders().stream().map(String::valueOf).toList())
                + (list.isEmpty() ? "\n" + Messages.Plugins_none : ""));
        viewer.setInput(list);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, REFRESH, Messages.Plugins_refresh, false);
        createButton(parent, IDialogConstants.OK_ID, Messages.Common_close, true);
    }

    @Override
    protected void buttonPressed(int id) {
        if (id == REFRESH) {
            refresh();
        } else {
            super.buttonPressed(id);
        }
    }
}
