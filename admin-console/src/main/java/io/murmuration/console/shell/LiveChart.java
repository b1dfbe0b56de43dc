package io.murmuration.console.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A line chart over time that takes one point at a time and scrolls: animation off, and a bounded number of points
 * per series, so a chart fed every few seconds all day neither flickers nor grows. The time axis ends at the newest
 * point and reaches back over what there is to show — the points, and the markers inside the span — but never further
 * than {@link #span(Duration) the span}; past that it scrolls. Markers (drift alarms) are kept by id whatever their
 * time and drawn, as icons near the top of the plot (not a series: no line, no legend entry), exactly when their
 * instant lies on the axis; they never stretch it beyond the span, and they come and go as it scrolls.
 */
public final class LiveChart {

    /** Six hours of the stream's 5 s stats events: the longest span worth keeping points for. */
    public static final Duration LONGEST_SPAN = Duration.ofHours(6);
    private static final int MAX_POINTS = 4320;
    /** The axis is at least this wide, so that one point or one marker does not make it a dot. */
    private static final Duration NARROWEST = Duration.ofMinutes(1);
    private static final int TICKS = 6;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    /** A marker: an instant with a description; a muted one is drawn in a quieter colour (an acknowledged alarm). */
    public record Marker(String id, Instant at, String description, boolean muted) {}

    private final NumberAxis time = new NumberAxis();
    private final NumberAxis values = new NumberAxis();
    private final MarkedLineChart chart = new MarkedLineChart(time, values);
    private final Map<String, XYChart.Series<Number, Number>> series = new LinkedHashMap<>();
    private final Map<String, Marker> marks = new HashMap<>();
    private Duration span;
    /** The newest point's instant, where the axis ends; null before the first, when the axis ends at the clock's now. */
    private Instant newest;
    /** Where markers are drawn on a fixed value axis; null while it is automatic (then at the plot's top). */
    private Double markerHeight;

    /**
     * @param title      the chart's title
     * @param valueLabel the value axis' label
     * @param zone       the zone the time axis is written in
     * @param span       the longest stretch of time the axis shows (at most {@link #LONGEST_SPAN})
     */
    public LiveChart(String title, String valueLabel, ZoneId zone, Duration span) {
        this.span = limited(span);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.getStyleClass().add("live-chart");
        time.setAutoRanging(false);
        time.setForceZeroInRange(false);
        time.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                double x = seconds.doubleValue();
                // The axis always labels its end, which is rarely on a tick: left blank, it cannot repeat the last one.
                if (x == time.getUpperBound() && x % time.getTickUnit() != 0) return "";
                LocalTime local = LocalTime.ofInstant(Instant.ofEpochSecond(seconds.longValue()), zone);
                return (time.getTickUnit() >= 60 ? MINUTES : SECONDS).format(local);
            }

            @Override
            public Number fromString(String text) {
                return 0;
            }
        });
        values.setLabel(valueLabel);
        values.setForceZeroInRange(true);
        chart.setMinHeight(200);
        chart.setPrefHeight(240);
        layOut();
    }

    public LineChart<Number, Number> node() {
        return chart;
    }

    /** Fixes the value axis (e.g. 0 to 1 for rates), or leaves it automatic; markers are drawn near its top. */
    public void fixRange(double lower, double upper) {
        values.setAutoRanging(false);
        values.setLowerBound(lower);
        values.setUpperBound(upper);
        values.setTickUnit((upper - lower) / 5);
        markerHeight = upper - (upper - lower) * 0.05;
        chart.layOutMarkers();
    }

    /** The longest stretch of time the axis shows; points are kept for {@link #LONGEST_SPAN} whatever it is. */
    public void span(Duration longest) {
        span = limited(longest);
        layOut();
    }

    /**
     * One point of the named series at {@code at}, which also moves the axis' end there if it is the newest; a
     * missing value (an absent figure) adds no point but still moves the axis.
     */
    public void add(String name, Instant at, Double value) {
        if (value != null && !value.isNaN()) {
            XYChart.Series<Number, Number> s = series.computeIfAbsent(name, n -> {
                XYChart.Series<Number, Number> created = new XYChart.Series<>();
                created.setName(n);
                chart.getData().add(created);
                return created;
            });
            s.getData().add(new XYChart.Data<>(seconds(at), value));
            if (s.getData().size() > MAX_POINTS) s.getData().remove(0, s.getData().size() - MAX_POINTS);
        }
        scrollTo(at);
    }

    /** Moves the axis' end to {@code at} if that is later than its end now; points older than the longest span go. */
    public void scrollTo(Instant at) {
        if (newest != null && !at.isAfter(newest)) return;
        newest = at;
        double oldest = seconds(newest.minus(LONGEST_SPAN));
        for (XYChart.Series<Number, Number> s : series.values()) {
            int stale = 0;
            while (stale < s.getData().size() && s.getData().get(stale).getXValue().doubleValue() < oldest) stale++;
            if (stale > 0) s.getData().remove(0, stale);
        }
        layOut();
    }

    /** Adds or replaces the marker with this id; it is drawn while its instant lies on the axis. */
    public void mark(Marker marker) {
        Marker before = marks.put(marker.id(), marker);
        if (before != null && !before.equals(marker)) erase(marker.id());
        layOut();
    }

    /** Replaces every marker with these. */
    public void markAll(List<Marker> all) {
        marks.clear();
        new ArrayList<>(chart.drawn.keySet()).forEach(this::erase);
        all.forEach(m -> marks.put(m.id(), m));
        layOut();
    }

    /** The ids of the markers drawn now, earliest first (for tests). */
    public List<String> shownMarkers() {
        return chart.drawn.keySet().stream().map(marks::get)
                .sorted(java.util.Comparator.comparing(Marker::at)).map(Marker::id).toList();
    }

    /** The instants the time axis runs between now (for tests). */
    public Instant axisStart() {
        return instant(time.getLowerBound());
    }

    public Instant axisEnd() {
        return instant(time.getUpperBound());
    }

    /** How many points the named series holds. */
    public int points(String name) {
        XYChart.Series<Number, Number> s = series.get(name);
        return s == null ? 0 : s.getData().size();
    }

    /** Forgets every point and marker; until the next point the axis ends at the clock's now. */
    public void clear() {
        chart.getData().clear();
        series.clear();
        marks.clear();
        new ArrayList<>(chart.drawn.keySet()).forEach(this::erase);
        newest = null;
        layOut();
    }

    // ---- the axis and the markers on it ----

    /**
     * Sets the time axis to end at the newest point and to start at the earliest point or marker within the span
     * before it (at least {@link #NARROWEST} before the end, and rounded down to a tick, so the ticks fall on round
     * times), then draws exactly the markers that lie on it.
     */
    private void layOut() {
        double end = seconds(newest == null ? Instant.now() : newest);
        double limit = end - span.toMillis() / 1000.0;
        double start = end - NARROWEST.toSeconds();
        for (XYChart.Series<Number, Number> s : series.values()) {
            for (XYChart.Data<Number, Number> point : s.getData()) {
                double x = point.getXValue().doubleValue();
                if (x >= limit) {
                    start = Math.min(start, x);
                    break; // points come in time order
                }
            }
        }
        for (Marker m : marks.values()) {
            double x = seconds(m.at());
            if (x >= limit && x <= end) start = Math.min(start, x);
        }
        double tick = niceTick((end - start) / TICKS);
        start = Math.floor(start / tick) * tick;
        time.setLowerBound(start);
        time.setUpperBound(end);
        time.setTickUnit(tick);
        for (Marker m : marks.values()) {
            double x = seconds(m.at());
            boolean onAxis = x >= start && x <= end;
            if (onAxis && !chart.drawn.containsKey(m.id())) draw(m);
            if (!onAxis && chart.drawn.containsKey(m.id())) erase(m.id());
        }
        new ArrayList<>(chart.drawn.keySet()).stream().filter(id -> !marks.containsKey(id)).forEach(this::erase);
        chart.layOutMarkers();
    }

    private void draw(Marker m) {
        FontIcon icon = new FontIcon(Feather.ALERT_TRIANGLE);
        icon.getStyleClass().add("alarm-marker");
        if (m.muted()) icon.getStyleClass().add("alarm-marker-muted");
        icon.setUserData(seconds(m.at()));
        Tooltip.install(icon, new Tooltip(m.description()));
        chart.drawn.put(m.id(), icon);
        chart.plotChildren().add(icon);
    }

    private void erase(String id) {
        Node icon = chart.drawn.remove(id);
        if (icon != null) chart.plotChildren().remove(icon);
    }

    /** A line chart that also lays out the markers' icons on its plot, at their instants. */
    private final class MarkedLineChart extends LineChart<Number, Number> {

        private final Map<String, Node> drawn = new HashMap<>();

        MarkedLineChart(NumberAxis x, NumberAxis y) {
            super(x, y);
        }

        javafx.collections.ObservableList<Node> plotChildren() {
            return getPlotChildren();
        }

        /** Has the markers placed on the next pulse: a new icon alone does not make the plot lay out again. */
        void layOutMarkers() {
            requestChartLayout();
        }

        @Override
        protected void layoutPlotChildren() {
            super.layoutPlotChildren();
            double top = markerHeight == null ? 2 : values.getDisplayPosition(markerHeight);
            for (Node icon : drawn.values()) {
                double x = time.getDisplayPosition((Double) icon.getUserData());
                icon.autosize();
                icon.relocate(x - icon.getLayoutBounds().getWidth() / 2, top - icon.getLayoutBounds().getHeight() / 2);
                icon.toFront();
            }
        }
    }

    /** A tick unit of 1, 2, 5, 10, 15 or 30 s or min, or whole hours, near {@code seconds}. */
    static double niceTick(double seconds) {
        double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
        for (double step : steps) {
            if (seconds <= step) return step;
        }
        return Math.ceil(seconds / 3600) * 3600;
    }

    private static Duration limited(Duration span) {
        return span.compareTo(LONGEST_SPAN) > 0 ? LONGEST_SPAN : span.compareTo(NARROWEST) < 0 ? NARROWEST : span;
    }

    private static double seconds(Instant at) {
        return at.getEpochSecond() + at.getNano() / 1e9;
    }

    private static Instant instant(double seconds) {
        long whole = (long) Math.floor(seconds);
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    }
}
