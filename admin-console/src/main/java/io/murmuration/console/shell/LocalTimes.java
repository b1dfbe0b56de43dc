package io.murmuration.console.shell;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How every view writes an instant: date and time in the operator's zone, to the second; a dash for none. */
public final class LocalTimes {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private LocalTimes() {}

    public static String dateTime(Instant instant, ZoneId zone) {
        return instant == null ? "—" : DATE_TIME.format(LocalDateTime.ofInstant(instant, zone));
    }
}
