package io.murmuration.bench;

import io.murmuration.bench.TrafficScenario.PhaseRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The scenario's summary: per phase, the median of its runs with the smallest and largest beside it. */
final class ScenarioTable {

    private ScenarioTable() {}

    static String render(List<PhaseRun> runs, ScenarioSettings settings) {
        Map<String, List<PhaseRun>> byPhase = new LinkedHashMap<>();
        for (PhaseRun r : runs) byPhase.computeIfAbsent(r.phase(), p -> new ArrayList<>()).add(r);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT,
                "%nMedian of %d runs (min–max); latency in ms from each request's intended start; %s s measured after %s s warm-up;"
                        + " node's own: the recommender's time by its Server-Timing header; sent late: the load generator's"
                        + " lag behind its schedule%n%n",
                settings.runs(), TrafficScenario.plain(settings.measuredSeconds()), TrafficScenario.plain(settings.warmupSeconds())));
        table.append("| phase | offered /s | answered /s | p50 | p90 | p99 | p99.9 | node's own p99 | sent late p99 | fallbacks"
                + " | partial | failed | node CPU ms/request | stores CPU ms/request | load generator CPU ms/request | load |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        byPhase.forEach((phase, list) -> table.append(String.format(Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                phase, TrafficScenario.plain(list.get(0).rate()),
                summary(list, r -> r.reads().throughput(), "%.0f"),
                summary(list, r -> r.reads().latency().p50(), "%.1f"),
                summary(list, r -> r.reads().latency().p90(), "%.1f"),
                summary(list, r -> r.reads().latency().p99(), "%.1f"),
                summary(list, r -> r.reads().latency().p999(), "%.1f"),
                summary(list, r -> r.reads().nodeP99(), "%.1f"),
                summary(list, r -> r.reads().sendLag().p99(), "%.1f"),
                summary(list, r -> r.reads().fallbackShare(), "%.4f"),
                summary(list, r -> r.reads().partialShare(), "%.4f"),
                summary(list, r -> r.reads().non2xx() + r.reads().timeouts() + r.reads().errors(), "%.0f"),
                summary(list, PhaseRun::cpuMillisPerRequest, "%.2f"),
                summary(list, PhaseRun::storesCpuMillisPerRequest, "%.2f"),
                summary(list, PhaseRun::generatorCpuMillisPerRequest, "%.2f"),
                summary(list, PhaseRun::loadAverage, "%.1f"))));
        List<PhaseRun> mixed = byPhase.getOrDefault("mixed", List.of()).stream().filter(r -> r.writes() != null).toList();
        if (!mixed.isEmpty()) {
            table.append(String.format(Locale.ROOT,
                    "%nMixed phase's writes: events %s/s posted (offered %s/s), %s refused or failed; freshness (event posted → "
                            + "first reply without its item) p50 %s ms, p99 %s ms, %s probes a run, %s still stale after 5 s%n",
                    summary(mixed, r -> r.writes().eventsPerSecond(), "%.0f"), TrafficScenario.plain(settings.eventRate()),
                    summary(mixed, r -> r.writes().failed(), "%.0f"),
                    summary(mixed, r -> r.writes().freshness().p50(), "%.0f"),
                    summary(mixed, r -> r.writes().freshness().p99(), "%.0f"),
                    summary(mixed, r -> r.writes().freshness().count(), "%.0f"),
                    summary(mixed, r -> r.writes().stale(), "%.0f")));
        }
        return table.toString();
    }

    /** "median (min–max)" of the runs' values, or the one value alone. */
    static String summary(List<PhaseRun> runs, ToDoubleFunction<PhaseRun> value, String format) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        String median = String.format(Locale.ROOT, format, median(values));
        if (values.length == 1) return median;
        return median + " (" + String.format(Locale.ROOT, format, values[0]) + "–"
                + String.format(Locale.ROOT, format, values[values.length - 1]) + ")";
    }

    static double median(double[] sorted) {
        double[] v = Arrays.copyOf(sorted, sorted.length);
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
