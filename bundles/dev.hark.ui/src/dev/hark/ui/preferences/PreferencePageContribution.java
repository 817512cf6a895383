package dev.hark.ui.preferences;

import org.eclipse.jface.preference.IPreferencePage;

/**
 * A plugin's page in Window &gt; Preferences (extension point, API 1.0). Register an implementation as an OSGi
 * service (a DS {@code @Component(service = PreferencePageContribution.class)}); each time the Preferences dialog
 * opens it calls {@link #createPage()} and shows the page as a tab after Hark's own, titled {@link #label()}.
 *
 * <p>Threading and lifecycle: every method is called on the UI thread; {@link #createPage()} must not block (read
 * the page's values from the preference store, not from the network). The dialog creates the page's control
 * ({@code createControl}), calls {@code performOk()} when the user presses OK and {@code performCancel()} on
 * Cancel, then {@code dispose()}s it. A page that throws is shown as a line naming the plugin and the reason;
 * the dialog and Hark's own settings keep working. A JFace {@link org.eclipse.jface.preference.PreferencePage}
 * subclass (with {@code noDefaultAndApplyButton()} if it has no defaults) is the usual implementation.
 *
 * <p>Compatibility: methods may be added to this interface only as default methods within 1.x.
 */
public interface PreferencePageContribution {

    /** The tab's title, in the user's language. */
    String label();

    /** A new page (one per opening of the dialog). */
    IPreferencePage createPage();
}
