package dev.hark.ui.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Fills a messages class's {@code public static String} fields from {@code baseName*.properties}, in the language of
 * the default locale <em>now</em>. Eclipse's {@code NLS} fixes its language when the first message class of the
 * runtime loads (long before the workbench reads Hark's language preference), so the workbench's own text uses this
 * instead; a key missing from the properties shows as {@code !key!}, as with NLS.
 */
public final class Translations {

    private Translations() {
    }

    public static void load(String baseName, Class<?> messages) {
        ResourceBundle bundle;
        try {
            bundle = ResourceBundle.getBundle(baseName, Locale.getDefault(), messages.getClassLoader(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        } catch (MissingResourceException e) {
            bundle = null;
        }
        for (Field f : messages.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isPublic(m) && !Modifier.isFinal(m) && f.getType() == String.class) {
                String key = f.getName();
                try {
                    f.set(null, bundle != null && bundle.containsKey(key) ? bundle.getString(key) : "!" + key + "!");
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
