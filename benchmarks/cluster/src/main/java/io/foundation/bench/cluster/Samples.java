package io.foundation.bench.cluster;

import java.util.ArrayList;
import java.util.List;

/** The repetitions of one measurement (one metric, size and system): values and failures. */
final class Samples {

    final String metric;
    final int nodes;
    final String system;
    final String unit;
    final List<Double> values = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    /** One-minute load average when the measurement began and when it ended: this host is shared. */
    final double loadAtStart;
    double loadAtEnd = Double.NaN;

    Samples(String metric, int nodes, String system, String unit) {
        this.metric = metric;
        this.nodes = nodes;
        this.system = system;
        this.unit = unit;
        this.loadAtStart = load1();
    }

    void finish() {
        loadAtEnd = load1();
    }

    static double load1() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    void add(double v) {
        values.add(v);
    }

    void fail(String why) {
        failures.add(why);
    }

    boolean empty() {
        return values.isEmpty();
    }

    /** The median: the middle value, or the mean of the two middle values. */
    double p50() {
        return median(values);
    }

    /** The nearest-rank percentile, {@code q} in (0, 100]: the smallest value at least q% of the values do not exceed. */
    double percentile(double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int rank = (int) Math.ceil(q / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size(), rank) - 1));
    }

    double worst() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }
}
