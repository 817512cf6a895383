package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A table of JSON objects (models, checkpoints, datasets) with a text filter and checkboxes, updated in
 * place: rows are reused, never the table. Shared by the Models and Datasets views.
 */
public final class JsonTable {

    private final Table table;
    private final String[] fields;
    private List<JsonObject> rows = List.of();
    private String filter = "";

    public JsonTable(Composite parent, String id, String[] headers, String[] fields) {
        this.fields = fields;
        table = Widgets.tag(new Table(parent, SWT.CHECK | SWT.BORDER | SWT.FULL_SELECTION | SWT.MULTI), id);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String h : headers) {
            TableColumn c = new TableColumn(table, SWT.LEFT);
            c.setText(h);
            c.setWidth(h.length() * 9 + 40);
        }
        GridDataFactory.fillDefaults().grab(true, true).hint(400, 150).applyTo(table);
    }

    public Table table() {
        return table;
    }

    public void setRows(JsonArray array) {
        List<JsonObject> list = new ArrayList<>();
        array.forEach(e -> list.add(e.getAsJsonObject()));
        rows = list;
        refresh();
    }

    public void setFilter(String text) {
        filter = text.toLowerCase(Locale.ROOT).strip();
        refresh();
    }

    private void refresh() {
        List<JsonObject> shown = rows.stream().filter(r -> filter.isEmpty() || r.toString().toLowerCase(Locale.ROOT).contains(filter)).toList();
        List<String> checked = checkedNames();
        table.setItemCount(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            TableItem item = table.getItem(i);
            JsonObject row = shown.get(i);
            for (int c = 0; c < fields.length; c++) {
                item.setText(c, cell(row.get(fields[c])));
            }
            item.setData(row);
            item.setChecked(checked.contains(name(row)));
        }
        for (TableColumn c : table.getColumns()) {
            c.pack(); // as wide as the longest value, so names are never cut off
        }
    }

    private static String cell(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    static String name(JsonObject row) {
        return row.has("name") ? row.get("name").getAsString() : "";
    }

    public List<String> checkedNames() {
        List<String> out = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            if (item.getChecked() && item.getData() instanceof JsonObject o) {
                out.add(name(o));
            }
        }
        return out;
    }

    public JsonObject selected() {
        TableItem[] sel = table.getSelection();
        return sel.length == 0 || !(sel[0].getData() instanceof JsonObject o) ? null : o;
    }

    public static String pretty(JsonObject o) {
        return o == null ? "" : new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o);
    }
}
