package ferry.core.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/** Parsing of DA, TM and DT values (PS3.5 §6.2), including the ACR-NEMA forms with separators. */
final class DateTimes {
    private DateTimes() {
    }

    static LocalDate parseDate(String value, int tag) {
        String digits = value.strip().replace(".", "").replace("-", "");
        try {
            if (digits.length() != 8) {
                throw new NumberFormatException();
            }
            return LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4, 6)),
                    Integer.parseInt(digits.substring(6, 8)));
        } catch (RuntimeException e) {
            throw new ValueFormatException(tag, "'" + value + "' is not a date (YYYYMMDD)");
        }
    }

    static LocalTime parseTime(String value, int tag) {
        String text = value.strip().replace(":", "");
        try {
            int hour = Integer.parseInt(text.substring(0, 2));
            int minute = text.length() >= 4 ? Integer.parseInt(text.substring(2, 4)) : 0;
            int second = 0;
            int nanos = 0;
            if (text.length() >= 6) {
                second = Math.min(Integer.parseInt(text.substring(4, 6)), 59); // 60 is a leap second
            }
            if (text.length() > 7 && text.charAt(6) == '.') {
                String fraction = (text.substring(7) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(fraction);
            }
            return LocalTime.of(hour, minute, second, nanos);
        } catch (RuntimeException e) {
            throw new ValueFormatException(tag, "'" + value + "' is not a time (HHMMSS.FFFFFF)");
        }
    }

    static LocalDateTime parseDateTime(String value, int tag) {
        String text = value.strip();
        int offset = Math.max(text.indexOf('+', 4), text.indexOf('-', 4));
        if (offset > 0) {
            text = text.substring(0, offset);
        }
        try {
            int year = Integer.parseInt(text.substring(0, 4));
            int month = text.length() >= 6 ? Integer.parseInt(text.substring(4, 6)) : 1;
            int day = text.length() >= 8 ? Integer.parseInt(text.substring(6, 8)) : 1;
            LocalTime time = text.length() > 8 ? parseTime(text.substring(8), tag) : LocalTime.MIDNIGHT;
            return LocalDateTime.of(LocalDate.of(year, month, day), time);
        } catch (ValueFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ValueFormatException(tag, "'" + value + "' is not a date-time (YYYYMMDDHHMMSS.FFFFFF&ZZXX)");
        }
    }
}
