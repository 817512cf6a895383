package dev.hark.protocol;

import java.math.BigDecimal;
import java.lang.reflect.RecordComponent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Checks the numbers of a JSON message against the record it becomes, before Gson reads it: Gson's tree reader
 * would turn {@code 2.7} into 2, {@code 16000.5} into 16000 and wrap {@code 1e12} into an int. An integral
 * component must hold a whole number that fits its type, a floating one a finite number; anything else is a
 * {@code bad_field} naming the field.
 */
final class StrictNumbers {

    private StrictNumbers() {
    }

    static void check(JsonObject message, Class<?> record, String type) throws ProtocolException {
        if (!record.isRecord()) {
            return;
        }
        for (RecordComponent c : record.getRecordComponents()) {
            Class<?> t = c.getType();
            boolean integral = t == int.class || t == long.class || t == Integer.class || t == Long.class;
            boolean floating = t == double.class || t == Double.class || t == float.class;
            if (!integral && !floating) {
                continue;
            }
            String field = snake(c.getName());
            JsonElement e = message.get(field);
            if (e == null || e.isJsonNull()) {
                continue;
            }
            if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
                throw new ProtocolException("bad_field", "\"" + field + "\" of \"" + type + "\" must be a number, got " + e);
            }
            BigDecimal value;
            try {
                value = new BigDecimal(e.getAsString());
            } catch (NumberFormatException ex) {
                throw new ProtocolException("bad_field", "\"" + field + "\" of \"" + type + "\" is not a number: " + e);
            }
            if (floating) {
                if (!Double.isFinite(value.doubleValue())) {
                    throw new ProtocolException("bad_field", "\"" + field + "\" of \"" + type + "\" must be a finite number, got " + e);
                }
                continue;
            }
            boolean isInt = t == int.class || t == Integer.class;
            try {
                BigDecimal whole = value.stripTrailingZeros();
                if (isInt) {
                    whole.intValueExact();
                } else {
                    whole.longValueExact();
                }
            } catch (ArithmeticException ex) {
                throw new ProtocolException("bad_field", "\"" + field + "\" of \"" + type + "\" must be a whole number in ["
                        + (isInt ? Integer.MIN_VALUE + ", " + Integer.MAX_VALUE : Long.MIN_VALUE + ", " + Long.MAX_VALUE)
                        + "], got " + e);
            }
        }
    }

    private static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
