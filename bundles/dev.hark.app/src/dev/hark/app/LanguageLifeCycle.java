package dev.hark.app;

import java.util.Locale;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.translation.TranslationService;
import org.eclipse.e4.ui.workbench.lifecycle.PostContextCreate;

import dev.hark.ui.internal.UiLanguage;

/**
 * The product's life-cycle hook: before the application model is read, applies the language preference (unless
 * {@code -nl} was given), so that menus, part titles and every view speak it from the start. See {@link UiLanguage}.
 */
public class LanguageLifeCycle {

    @PostContextCreate
    void language(IEclipseContext context) {
        Locale chosen = UiLanguage.chosen(System.getProperty("osgi.nl.user"), UiLanguage.preference());
        if (chosen != null) {
            Locale.setDefault(chosen);
            context.set(TranslationService.LOCALE, chosen);
        }
    }
}
