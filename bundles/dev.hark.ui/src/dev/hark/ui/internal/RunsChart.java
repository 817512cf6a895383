package dev.hark.ui.internal;

import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.Range;

import dev.hark.core.runs.Smoothing;
import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;

/**
 * The Runs view's chart: one tag of several runs overlaid, each run's smoothed curve (TensorBoard's debiased EMA)
 * in its colour over its raw values drawn faint; x by step, by time since the run's first point, or by wall time;
 * linear or log y. The mouse wheel zooms the x axis around the pointer, dragging pans, a double click fits
 * everything again, and hovering shows the nearest value of every run in the tooltip. Non-finite values cannot
 * be drawn: they are counted and named in {@link #notes()}. UI thread only.
 */
public final class RunsChart {

    /** What the x axis shows. */
    public enum XAxis { STEP, RELATIVE, WALL }

    /** One run's series and the name the legend gives it. */
    public record Curve(String name, ScalarSeries series) {
    }

    private static final RGB[] PALETTE = { new RGB(31, 119, 180), new RGB(255, 127, 14), new RGB(44, 160, 44),
            new RGB(214, 39, 40), new RGB(148, 103, 189), new RGB(140, 86, 75), new RGB(227, 119, 194), new RGB(127, 127, 127) };

    private final Chart chart;
    private List<double[]> shownX = List.of();
    private List<double[]> shownY = List.of();
    private List<String> shownNames = List.of();
    private String notes = "";
    private Integer dragFrom;

    public RunsChart(Composite parent, String id) {
        chart = Widgets.tag(new Chart(parent, SWT.NONE), id);
        chart.getTitle().setVisible(false);
        chart.getLegend().setPosition(SWT.BOTTOM);
        GridDataFactory.fillDefaults().grab(true, true).hint(300, 200).applyTo(chart);
        Control plot = chart.getPlotArea().getControl();
        plot.addListener(SWT.MouseVerticalWheel, this::zoom);
        plot.addListener(SWT.MouseDown, e -> dragFrom = e.button == 1 ? e.x : null);
        plot.addListener(SWT.MouseUp, e -> dragFrom = null);
        plot.addListener(SWT.MouseMove, this::moved);
        plot.addListener(SWT.MouseDoubleClick, e -> {
            chart.getAxisSet().adjustRange();
            chart.redraw();
        });
    }

    public Chart chart() {
        return chart;
    }

    /** Non-finite values left out, a log scale that could not be used: empty when all was drawn. */
    public String notes() {
        return notes;
    }

    public void show(String tag, List<Curve> curves, double smoothing, XAxis x, boolean log) {
        for (ISeries<?> s : chart.getSeriesSet().getSeries()) {
            chart.getSeriesSet().deleteSeries(s.getId());
        }
        List<String> problems = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean positive = true;
        for (int c = 0; c < curves.size(); c++) {
            Curve curve = curves.get(c);
            List<ScalarPoint> finite = new ArrayList<>();
            long nonFinite = 0;
            long firstBad = -1;
            for (ScalarPoint p : curve.series().points()) {
                if (Double.isFinite(p.value())) {
                    finite.add(p);
                    positive &= p.value() > 0;
                } else if (nonFinite++ == 0) {
                    firstBad = p.step();
                }
            }
            if (nonFinite > 0) {
                problems.add(NLS.bind(Messages.Runs_nonFinite, new Object[] { curve.name(), nonFinite, firstBad }));
            }
            if (finite.isEmpty()) {
                continue;
            }
            double[] xv = new double[finite.size()];
            double[] raw = new double[finite.size()];
            double origin = finite.get(0).wallTime();
            for (int i = 0; i < xv.length; i++) {
                ScalarPoint p = finite.get(i);
                xv[i] = switch (x) {
                    case STEP -> p.step();
                    case RELATIVE -> p.wallTime() - origin;
                    case WALL -> p.wallTime() * 1000;
                };
                raw[i] = p.value();
            }
            double[] smooth = Smoothing.ema(raw, smoothing);
            RGB rgb = PALETTE[c % PALETTE.length];
            if (smoothing > 0) {
                line("raw:" + c, curve.name(), xv, raw, faint(rgb), 1, false, x);
            }
            line("smooth:" + c, curve.name(), xv, smooth, new Color(rgb), 2, true, x);
            xs.add(xv);
            ys.add(smooth);
            names.add(curve.name());
        }
        IAxis xAxis = chart.getAxisSet().getXAxis(0);
        IAxis yAxis = chart.getAxisSet().getYAxis(0);
        xAxis.getTitle().setText(switch (x) {
            case STEP -> Messages.Runs_axisStep;
            case RELATIVE -> Messages.Runs_axisRelative;
            case WALL -> Messages.Runs_axisWall;
        });
        xAxis.getTick().setFormat(x == XAxis.WALL ? new WallClock() : null);
        yAxis.getTitle().setText(tag);
        boolean useLog = log && positive && !xs.isEmpty();
        if (log && !useLog && !xs.isEmpty()) {
            problems.add(Messages.Runs_logNeedsPositive);
        }
        yAxis.enableLogScale(false);
        chart.getAxisSet().adjustRange();
        if (useLog) {
            yAxis.enableLogScale(true);
            chart.getAxisSet().adjustRange();
        }
        shownX = xs;
        shownY = ys;
        shownNames = names;
        notes = String.join("; ", problems);
        chart.getLegend().setVisible(curves.size() > 1);
        chart.redraw();
    }

    private void line(String id, String name, double[] x, double[] y, Color color, int width, boolean legend, XAxis mode) {
        @SuppressWarnings("unchecked")
        ILineSeries<Object> s = (ILineSeries<Object>) chart.getSeriesSet().createSeries(ISeries.SeriesType.LINE, id);
        s.setDescription(name);
        s.setSymbolType(ILineSeries.PlotSymbolType.NONE);
        s.setLineColor(color);
        s.setLineWidth(width);
        s.setAntialias(SWT.ON);
        s.setVisibleInLegend(legend);
        s.setXSeries(x);
        s.setYSeries(y);
    }

    private static Color faint(RGB c) {
        return new Color((c.red + 2 * 255) / 3, (c.green + 2 * 255) / 3, (c.blue + 2 * 255) / 3);
    }

    private void zoom(Event e) {
        IAxis xAxis = chart.getAxisSet().getXAxis(0);
        double at = xAxis.getDataCoordinate(e.x);
        if (e.count > 0) {
            xAxis.zoomIn(at);
        } else {
            xAxis.zoomOut(at);
        }
        chart.redraw();
    }

    private void moved(Event e) {
        IAxis xAxis = chart.getAxisSet().getXAxis(0);
        if (dragFrom != null && (e.stateMask & SWT.BUTTON1) != 0) {
            double shift = xAxis.getDataCoordinate(dragFrom) - xAxis.getDataCoordinate(e.x);
            Range r = xAxis.getRange();
            xAxis.setRange(new Range(r.lower + shift, r.upper + shift));
            dragFrom = e.x;
            chart.redraw();
            return;
        }
        String tip = hover(xAxis.getDataCoordinate(e.x));
        Control plot = chart.getPlotArea().getControl();
        if (!tip.equals(plot.getToolTipText() == null ? "" : plot.getToolTipText())) {
            plot.setToolTipText(tip.isEmpty() ? null : tip);
        }
    }

    /** The nearest point of every run to {@code x}: "run: x → value" lines. */
    public String hover(double x) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < shownX.size(); c++) {
            double[] xv = shownX.get(c);
            int i = ChartMath.nearest(xv, x);
            if (i < 0) {
                continue;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(shownNames.get(c)).append(": ").append(String.format(Locale.ROOT, "%.6g", xv[i])).append(" \u2192 ")
                    .append(String.format(Locale.ROOT, "%.6g", shownY.get(c)[i]));
        }
        return b.toString();
    }

    /** Wall-clock ticks: the x values are epoch milliseconds. */
    private static final class WallClock extends java.text.Format {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(Object obj, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(new SimpleDateFormat("MM-dd HH:mm:ss").format(new Date(((Number) obj).longValue())));
        }

        @Override
        public Object parseObject(String source, java.text.ParsePosition pos) {
            return null;
        }
    }
}
