package ferry.router.deid;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves DA and DT values by whole days, the "modified dates" of PS3.15 §E.3.6: every date of one patient moves by the
 * same number of days, so intervals between studies stay true; times of day and time zones are kept. Dates of year or
 * month precision move as their first day does and keep their precision.
 *
 * @param days the shift, negative into the past
 */
record DateShift(int days) {
    private static final Pattern DATE_PREFIX = Pattern.compile("(\\d{4})(\\d{2})?(\\d{2})?(.*)", Pattern.DOTALL);
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * The shifted form of one DA value or DT value (or a DA/DT range {@code a-b}); null when it is not a date Ferry
     * can read, which callers replace with a dummy.
     */
    String shift(String value, boolean dateTime) {
        String v = value.strip();
        if (v.isEmpty()) {
            return v;
        }
        int dash = dateTime ? -1 : v.indexOf('-');
        if (dash >= 0) {
            String from = dash == 0 ? "" : shift(v.substring(0, dash), false);
            String to = dash == v.length() - 1 ? "" : shift(v.substring(dash + 1), false);
            return from == null || to == null ? null : from + "-" + to;
        }
        Matcher m = DATE_PREFIX.matcher(v);
        if (!m.matches() || (!dateTime && !m.group(4).isEmpty())) {
            return null;
        }
        if (m.group(2) == null && m.group(3) == null && !m.group(4).isEmpty() && !m.group(4).matches("[+-]\\d{4}")) {
            return null;
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            LocalDate shifted = LocalDate.of(year, month, day).plusDays(days);
            String text = shifted.format(BASIC);
            int precision = m.group(2) == null ? 4 : m.group(3) == null ? 6 : 8;
            if (shifted.getYear() < 1 || shifted.getYear() > 9999) {
                return null;
            }
            return text.substring(0, precision) + m.group(4);
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }
}
