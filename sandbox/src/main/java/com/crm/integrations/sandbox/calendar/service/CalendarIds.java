package com.crm.integrations.sandbox.calendar.service;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.calendar.Item;
import com.crm.integrations.sandbox.calendar.Span;
import com.crm.integrations.sandbox.provider.Provider;

/** Ids, etags and change keys in each provider's format (PROVIDERS.md §2.2, §2.3, §4.2). */
public final class CalendarIds {

    /** Google's client-supplied event ids: base32hex, 5-1024 characters. */
    public static final Pattern GOOGLE_EVENT_ID = Pattern.compile("[a-v0-9]{5,1024}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32HEX = "0123456789abcdefghijklmnopqrstuv";
    private static final String GRAPH_ICAL_PREFIX = "040000008200E00074C5B7101A82E008";

    private CalendarIds() {
    }

    public static String newEventId(Provider provider) {
        return provider == Provider.GOOGLE ? base32hex(26) : graphId(45);
    }

    public static String newCalendarId(Provider provider) {
        return provider == Provider.GOOGLE ? base32hex(26) + "@group.calendar.google.com" : graphId(30);
    }

    /** Google names the primary calendar after the account; Graph gives it an id like any other. */
    public static String primaryCalendarId(Provider provider, String account) {
        return provider == Provider.GOOGLE ? account : graphId(30);
    }

    public static String primaryCalendarName(Provider provider, String account) {
        return provider == Provider.GOOGLE ? account : "Calendar";
    }

    /** Google: {@code <id>@google.com}; Graph: the Outlook global object id form, with 0 where an occurrence has its date. */
    public static String iCalUid(Provider provider, String eventId) {
        if (provider == Provider.GOOGLE) {
            return eventId + "@google.com";
        }
        return GRAPH_ICAL_PREFIX + "00000000" + HexFormat.of().withUpperCase().formatHex(bytes(24));
    }

    /** Graph: an occurrence's iCalUId is its series' with the occurrence's date in bytes 16-19 [mem]. */
    public static String occurrenceICalUid(String seriesICalUid, Span originalSpan) {
        if (!seriesICalUid.startsWith(GRAPH_ICAL_PREFIX)) {
            return seriesICalUid;
        }
        LocalDate date = originalSpan.allDay() ? originalSpan.startDate() : originalSpan.start().atOffset(ZoneOffset.UTC).toLocalDate();
        String stamp = String.format(Locale.ROOT, "%04X%02X%02X", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        int at = GRAPH_ICAL_PREFIX.length();
        return seriesICalUid.substring(0, at) + stamp + seriesICalUid.substring(at + 8);
    }

    /** Google's etag: a quoted number that changes on every edit. */
    public static String googleEtag(long seq, Instant updated) {
        return "\"" + (updated.toEpochMilli() * 1000 + seq % 1000) + "\"";
    }

    public static String googleEtag(Item item) {
        return googleEtag(item.seq(), item.updated());
    }

    /** Graph's change key: 22 bytes base64, the account's 16 then the change's sequence number. */
    public static String changeKey(byte[] salt, long seq) {
        ByteBuffer key = ByteBuffer.allocate(22).put(salt, 0, 16);
        key.putShort((short) (seq >>> 32)).putInt((int) seq);
        return Base64.getEncoder().encodeToString(key.array());
    }

    private static String base32hex(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(BASE32HEX.charAt(RANDOM.nextInt(32)));
        }
        return id.toString();
    }

    private static String graphId(int randomBytes) {
        return "AAMkA" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(randomBytes));
    }

    private static byte[] bytes(int count) {
        byte[] random = new byte[count];
        RANDOM.nextBytes(random);
        return random;
    }
}
