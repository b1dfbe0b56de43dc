package io.murmuration.console.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.NumberAxis;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The scrolling chart's time axis and its markers, on a shown chart fed instants by hand: markers are drawn exactly
 * when their instant lies on the axis, whenever they were raised, and never stretch the axis beyond its span.
 */
@ExtendWith(ApplicationExtension.class)
class LiveChartTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private LiveChart chart;
    private FxRobot robot;

    @Start
    void start(Stage stage) {
        chart = new LiveChart("test", "share", ZoneOffset.UTC, Duration.ofHours(1));
        chart.fixRange(0, 1);
        stage.setScene(new Scene(new StackPane(chart.node()), 800, 400));
        stage.show();
    }

    @Test
    void marksAnAlarmRaisedBeforeTheFirstPointWhenItLiesWithinTheSpan(FxRobot robot) {
        this.robot = robot;
        fx(() -> {
            chart.add("hit rate", T0, 0.2);
            chart.markAll(List.of(marker("before-the-console", T0.minus(Duration.ofMinutes(40))),
                    marker("older-than-the-span", T0.minus(Duration.ofHours(2))),
                    marker("not-yet", T0.plus(Duration.ofMinutes(10)))));
        });

        assertEquals(List.of("before-the-console"), fx(chart::shownMarkers));
        assertEquals(T0, fx(chart::axisEnd));
        Instant start = fx(chart::axisStart);
        assertFalse(start.isAfter(T0.minus(Duration.ofMinutes(40))), "the axis reaches back to the marker: " + start);
        assertTrue(start.isAfter(T0.minus(Duration.ofHours(1))), "but no further than the span: " + start);
    }

    @Test
    void markersComeAndGoAsTheAxisScrolls(FxRobot robot) {
        this.robot = robot;
        fx(() -> {
            chart.span(Duration.ofMinutes(15));
            chart.add("hit rate", T0, 0.2);
            chart.markAll(List.of(marker("earlier", T0.minus(Duration.ofMinutes(10))), marker("later", T0.plus(Duration.ofMinutes(3)))));
        });
        assertEquals(List.of("earlier"), fx(chart::shownMarkers));

        for (int minute = 1; minute <= 6; minute++) {
            Instant at = T0.plus(Duration.ofMinutes(minute));
            fx(() -> chart.add("hit rate", at, 0.3));
        }

        assertEquals(List.of("later"), fx(chart::shownMarkers), "16 min after it, the earlier alarm left the 15 min span");
        assertEquals(T0.plus(Duration.ofMinutes(6)), fx(chart::axisEnd));
    }

    @Test
    void aMarkerNeverStretchesTheAxisBeyondTheSpan(FxRobot robot) {
        this.robot = robot;
        fx(() -> {
            chart.span(Duration.ofMinutes(15));
            chart.add("hit rate", T0, 0.2);
            chart.mark(marker("an-hour-ago", T0.minus(Duration.ofHours(1))));
        });

        assertTrue(fx(chart::shownMarkers).isEmpty());
        Instant start = fx(chart::axisStart);
        assertTrue(start.isAfter(T0.minus(Duration.ofMinutes(5))), "the axis spans the one point only: " + start);
    }

    @Test
    void aMarkerIsReplacedByIdAndFollowsTheSpanChosen(FxRobot robot) {
        this.robot = robot;
        fx(() -> {
            chart.add("hit rate", T0, 0.2);
            chart.mark(marker("a", T0.minus(Duration.ofMinutes(30))));
            chart.mark(new LiveChart.Marker("a", T0.minus(Duration.ofMinutes(30)), "a, acknowledged", true));
        });
        assertEquals(List.of("a"), fx(chart::shownMarkers), "drawn once");
        assertEquals(1, robot.lookup(".alarm-marker-muted").queryAll().size(), "in its acknowledged colour");

        fx(() -> chart.span(Duration.ofMinutes(15)));
        assertTrue(fx(chart::shownMarkers).isEmpty(), "30 min ago is off a 15 min axis");

        fx(() -> chart.span(Duration.ofHours(1)));
        assertEquals(List.of("a"), fx(chart::shownMarkers), "and back on an hour's");
    }

    @Test
    void placesAMarkerAtItsInstantAlsoWhenNothingElseOnTheChartChanged(FxRobot robot) {
        this.robot = robot;
        Instant at = T0.minus(Duration.ofMinutes(20));
        fx(() -> {
            chart.add("hit rate", T0, 0.2);
            chart.markAll(List.of(marker("a", at)));
        });
        WaitForAsyncUtils.waitForFxEvents();

        fx(() -> chart.markAll(List.of(marker("a", at)))); // the view reloads its alarms: same axis, new icons
        WaitForAsyncUtils.waitForFxEvents();

        Node icon = robot.lookup(".alarm-marker").query();
        double expected = fx(() -> ((NumberAxis) chart.node().getXAxis()).getDisplayPosition(at.getEpochSecond()));
        double centre = fx(() -> icon.getBoundsInParent().getCenterX());
        assertEquals(expected, centre, 1.0, "the icon sits over its instant on the time axis");
    }

    @Test
    void keepsThePointsOfEverySeriesAndSkipsMissingValues(FxRobot robot) {
        this.robot = robot;
        fx(() -> {
            chart.add("hit rate", T0, 0.2);
            chart.add("mean surprise", T0, 0.4);
            chart.add("mean surprise", T0.plusSeconds(5), null);
            chart.add("mean surprise", T0.plusSeconds(10), Double.NaN);
        });

        assertEquals(1, (int) fx(() -> chart.points("hit rate")));
        assertEquals(1, (int) fx(() -> chart.points("mean surprise")));
        assertEquals(T0.plusSeconds(10), fx(chart::axisEnd), "a missing value still moves the axis");
    }

    private static LiveChart.Marker marker(String id, Instant at) {
        return new LiveChart.Marker(id, at, id, false);
    }

    private void fx(Runnable work) {
        robot.interact(work);
    }

    private <T> T fx(Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        robot.interact(() -> result.set(work.get()));
        return result.get();
    }
}
