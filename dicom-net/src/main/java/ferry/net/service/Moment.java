package ferry.net.service;

import ferry.core.tag.Vr;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * A DA, TM or DT value (PS3.5 §6.2) as the span of time its precision covers: {@code 2026} as a DT is the whole
 * year, {@code 10} as a TM the hour from 10:00 to 10:59:59.999999999, a DA the whole day. A TM lies on
 * 1970-01-01. Matching compares meanings, not strings (PS3.4 C.2.2.2.1.3): a value is compared by its
 * {@link #start()}; a range runs from the start of its lower bound to the {@link #end()} of its upper bound.
 *
 * @param start the first instant the value covers, in its own (local) time
 * @param end the last instant the value covers
 * @param offset the DT's offset from UTC ({@code &ZZXX}), or {@code null} when it has none
 */
record Moment(LocalDateTime start, LocalDateTime end, ZoneOffset offset) {

    /** The value read as {@code vr} (DA, TM or DT), or {@code null} when it is not one. */
    static Moment parse(String text, Vr vr) {
        String value = text.strip();
        try {
            return switch (vr) {
                case DA -> date(value);
                case TM -> time(LocalDate.EPOCH, value);
                case DT -> dateTime(value);
                default -> null;
            };
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Compares two instants of two moments, in UTC when both have an offset, else as local times. */
    static int compare(LocalDateTime a, Moment ofA, LocalDateTime b, Moment ofB) {
        if (ofA.offset != null && ofB.offset != null) {
            return a.toInstant(ofA.offset).compareTo(b.toInstant(ofB.offset));
        }
        return a.compareTo(b);
    }

    private static Moment date(String value) {
        // YYYYMMDD; the ACR-NEMA form YYYY.MM.DD is still met in old archives (PS3.5 §6.2, DA).
        String digits = value.length() == 10 && value.charAt(4) == '.' && value.charAt(7) == '.'
                ? value.replace(".", "") : value;
        if (digits.length() != 8 || !allDigits(digits)) {
            return null;
        }
        LocalDate date = LocalDate.of(number(digits, 0, 4), number(digits, 4, 6), number(digits, 6, 8));
        return new Moment(date.atStartOfDay(), date.atTime(LocalTime.MAX), null);
    }

    /** HH[MM[SS[.F{1,6}]]], or the ACR-NEMA form with colons, on {@code day}. */
    private static Moment time(LocalDate day, String value) {
        String text = value.indexOf(':') >= 0 ? value.replace(":", "") : value;
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        if (whole.length() % 2 != 0 || whole.isEmpty() || whole.length() > 6 || !allDigits(whole)
                || (dot >= 0 && (whole.length() != 6 || fraction.isEmpty() || fraction.length() > 6))
                || !allDigits(fraction)) {
            return null;
        }
        int hour = number(whole, 0, 2);
        int minute = whole.length() >= 4 ? number(whole, 2, 4) : 0;
        int second = whole.length() >= 6 ? Math.min(number(whole, 4, 6), 59) : 0; // 60: a leap second
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
        LocalDateTime start = LocalDateTime.of(day, LocalTime.of(hour, minute, second, nanos));
        LocalDateTime end = switch (whole.length()) {
            case 2 -> start.plusHours(1).minusNanos(1);
            case 4 -> start.plusMinutes(1).minusNanos(1);
            default -> fraction.isEmpty() ? start.plusSeconds(1).minusNanos(1)
                    : start.plusNanos(pow10(9 - fraction.length()) - 1);
        };
        return new Moment(start, end, null);
    }

    /** YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]. */
    private static Moment dateTime(String value) {
        String text = value;
        ZoneOffset offset = null;
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (sign >= 0) {
            String zone = text.substring(sign + 1);
            if (sign < 4 || zone.length() != 4 || !allDigits(zone)) {
                return null;
            }
            offset = ZoneOffset.ofHoursMinutes((text.charAt(sign) == '-' ? -1 : 1) * number(zone, 0, 2),
                    (text.charAt(sign) == '-' ? -1 : 1) * number(zone, 2, 4));
            text = text.substring(0, sign);
        }
        if (text.length() < 4 || !allDigits(text.substring(0, Math.min(text.length(), 8)))) {
            return null;
        }
        int year = number(text, 0, 4);
        Moment moment;
        if (text.length() == 4) {
            moment = new Moment(LocalDate.of(year, 1, 1).atStartOfDay(), LocalDate.of(year, 12, 31)
                    .atTime(LocalTime.MAX), null);
        } else if (text.length() == 6) {
            YearMonth month = YearMonth.of(year, number(text, 4, 6));
            moment = new Moment(month.atDay(1).atStartOfDay(), month.atEndOfMonth().atTime(LocalTime.MAX), null);
        } else if (text.length() == 8) {
            moment = date(text);
        } else if (text.length() > 8) {
            moment = time(LocalDate.of(year, number(text, 4, 6), number(text, 6, 8)), text.substring(8));
        } else {
            return null;
        }
        return moment == null ? null : new Moment(moment.start, moment.end, offset);
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        return Integer.parseInt(text.substring(from, to));
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }
}
