package io.murmuration.console.shell;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A line chart over wall-clock time that takes one point at a time: animation off and a bounded number of points
 * per series, so a chart fed every few seconds all day neither flickers nor grows. Markers (drift alarms) are a
 * series of their own whose points are icons and whose line is hidden.
 */
public final class LiveChart {

    /** Six hours of the stream's 5 s stats events. */
    private static final int MAX_POINTS = 4320;
    private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final NumberAxis time = new NumberAxis();
    private final NumberAxis values = new NumberAxis();
    private final LineChart<Number, Number> chart = new LineChart<>(time, values);
    private final Map<String, XYChart.Series<Number, Number>> series = new LinkedHashMap<>();
    private XYChart.Series<Number, Number> markers;

    public LiveChart(String title, String valueLabel, ZoneId zone) {
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.getStyleClass().add("live-chart");
        time.setForceZeroInRange(false);
        time.setAutoRanging(true);
        time.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number seconds) {
                return TICK.format(LocalTime.ofInstant(Instant.ofEpochSecond(seconds.longValue()), zone));
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
    }

    public LineChart<Number, Number> node() {
        return chart;
    }

    /** Fixes the value axis (e.g. 0 to 1 for rates), or leaves it automatic. */
    public void fixRange(double lower, double upper) {
        values.setAutoRanging(false);
        values.setLowerBound(lower);
        values.setUpperBound(upper);
        values.setTickUnit((upper - lower) / 5);
    }

    /** One point of the named series; a missing value (absent figure) leaves a gap-free line, simply skipped. */
    public void add(String name, Instant at, Double value) {
        if (value == null || value.isNaN()) return;
        XYChart.Series<Number, Number> s = series.computeIfAbsent(name, n -> {
            XYChart.Series<Number, Number> created = new XYChart.Series<>();
            created.setName(n);
            // insert before the markers so the series' colours stay put as markers come and go
            int at1 = markers == null ? chart.getData().size() : chart.getData().indexOf(markers);
            chart.getData().add(at1, created);
            return created;
        });
        s.getData().add(new XYChart.Data<>(at.getEpochSecond() + at.getNano() / 1e9, value));
        if (s.getData().size() > MAX_POINTS) s.getData().remove(0, s.getData().size() - MAX_POINTS);
    }

    /** A marker (an alarm) at an instant, drawn at {@code height} on the value axis. */
    public void mark(Instant at, double height, String description) {
        if (markers == null) {
            markers = new XYChart.Series<>();
            markers.setName("alarms");
            chart.getData().add(markers);
            markers.nodeProperty().addListener((o, a, line) -> {
                if (line != null) line.setStyle("-fx-stroke: transparent;");
            });
            if (markers.getNode() != null) markers.getNode().setStyle("-fx-stroke: transparent;");
        }
        XYChart.Data<Number, Number> point = new XYChart.Data<>(at.getEpochSecond() + at.getNano() / 1e9, height);
        FontIcon icon = new FontIcon(Feather.ALERT_TRIANGLE);
        icon.getStyleClass().add("alarm-marker");
        Tooltip.install(icon, new Tooltip(description));
        point.setNode(icon);
        markers.getData().add(point);
        if (markers.getData().size() > 500) markers.getData().remove(0);
    }

    public int points(String name) {
        XYChart.Series<Number, Number> s = series.get(name);
        return s == null ? 0 : s.getData().size();
    }

    public void clear() {
        chart.getData().clear();
        series.clear();
        markers = null;
    }
}
