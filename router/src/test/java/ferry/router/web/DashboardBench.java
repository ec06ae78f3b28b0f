package ferry.router.web;

import ferry.router.testing.Browser;
import java.util.Arrays;
import java.util.Locale;

/**
 * The dashboard's page load in Chromium (not a test; run by bench/web.sh against a running Ferry): opens the page
 * again and again and reads, from the page's own performance timeline, the time from the start of the navigation
 * until the dashboard has drawn its data (the {@code ferry-dashboard-drawn} mark: the page, its scripts and styles,
 * {@code /api/session} and the six API calls of a refresh, and drawing them). Arguments: the dashboard's URL, warm-up
 * loads (default 5), timed loads (default 50).
 */
public final class DashboardBench {
    private DashboardBench() {
    }

    public static void main(String[] args) {
        String url = args[0];
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        double[] drawn = new double[runs];
        double[] loaded = new double[runs];
        try (Browser browser = Browser.start()) {
            for (int i = -warm; i < runs; i++) {
                browser.driver().get(url);
                double mark = ((Number) browser.waitFor(d -> browser.script("const m = performance"
                        + ".getEntriesByName('ferry-dashboard-drawn'); return m.length ? m[0].startTime : null;")))
                        .doubleValue();
                double load = ((Number) browser.script("return performance.getEntriesByType('navigation')[0]"
                        + ".loadEventEnd;")).doubleValue();
                if (i >= 0) {
                    drawn[i] = mark;
                    loaded[i] = load;
                }
            }
            long errors = browser.consoleLines().size();
            System.out.printf(Locale.ROOT, "dashboard in Chromium, %d loads after %d: drawn with its data median "
                    + "%.1f ms (p90 %.1f, min %.1f); load event median %.1f ms; console lines %d%n", runs, warm,
                    percentile(drawn, 50), percentile(drawn, 90), percentile(drawn, 0), percentile(loaded, 50),
                    errors);
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - (p == 0 ? 0 : 1))];
    }
}
