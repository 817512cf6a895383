package dev.hark.app.tests;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;

/** A view created from a part descriptor, as a plugin's model fragment contributes one (WorkbenchTest). */
public class DescriptorView {

    static final String TEXT = "a view from a part descriptor";

    @PostConstruct
    public void create(Composite parent) {
        parent.setLayout(new org.eclipse.swt.layout.FillLayout());
        Label l = new Label(parent, SWT.NONE);
        l.setText(TEXT);
        l.setData(dev.hark.core.WidgetIds.KEY, "test.descriptorView");
    }
}
