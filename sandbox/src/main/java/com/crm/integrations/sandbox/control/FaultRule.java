package com.crm.integrations.sandbox.control;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.error.InvalidRequestException;

/**
 * Answer matching requests with this response instead of the real one, or close their connection without any answer.
 *
 * @param share the share of the matching requests offered to it that it takes ({@link Rule#share()})
 * @param when {@code before}: in the endpoint's place; {@code after}: once the endpoint did its work, instead of its answer
 * @param answer what the client gets; {@code null}: the connection is closed, the client sees a connection failure
 */
public record FaultRule(RequestMatcher matcher, Integer times, double share, When when, Answer answer) implements Rule {

    public static final int MAX_BODY_LENGTH = 256 * 1024;

    /**
     * The response a fault gives.
     *
     * @param status 200-599: a 1xx is not a final response, so a client would wait for another
     * @param body the response body, or {@code null} for none
     * @param contentType the body's media type; defaults to {@code application/json} when there is a body
     * @param retryAfter the {@code Retry-After} header: delay-seconds or an HTTP-date; {@code null} for none
     */
    public record Answer(int status, String body, String contentType, String retryAfter) {

        private static final Pattern MEDIA_TYPE = Pattern.compile("[\\w!#$&^.+-]+/[\\w!#$&^.+-]+(\\s*;[\\x20-\\x7E]*)?");
        private static final Pattern DELAY_SECONDS = Pattern.compile("\\d{1,9}");

        public Answer {
            if (status < 200 || status > 599) {
                throw new InvalidRequestException("status must be between 200 and 599");
            }
            if (body != null && body.length() > MAX_BODY_LENGTH) {
                throw new InvalidRequestException("body must be at most " + MAX_BODY_LENGTH + " characters");
            }
            if (body != null && !body.isEmpty() && (status == 204 || status == 304)) {
                throw new InvalidRequestException("a " + status + " response has no body");
            }
            if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
                throw new InvalidRequestException("contentType must be a media type such as application/json");
            }
            if (contentType == null && body != null && !body.isEmpty()) {
                contentType = "application/json";
            }
            if (retryAfter != null && !isRetryAfter(retryAfter)) {
                throw new InvalidRequestException("retryAfter must be a number of seconds or an HTTP-date");
            }
        }

        @Override
        public String toString() {
            return "status=" + status + ", body=" + (body == null ? "none" : body.length() + " chars") + ", contentType=" + contentType
                    + ", retryAfter=" + retryAfter;
        }

        private static boolean isRetryAfter(String value) {
            if (DELAY_SECONDS.matcher(value).matches()) {
                return true;
            }
            try {
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }

    public FaultRule {
        Rule.checkTimes(times);
        Rule.checkShare(share);
        if (when == null) {
            when = When.BEFORE;
        }
    }

    /** Whether the connection is closed without an answer. */
    public boolean closes() {
        return answer == null;
    }

    @Override
    public String toString() {
        return "FaultRule[" + matcher + ", times=" + times + ", share=" + share + ", when=" + when.wireName() + ", "
                + (answer == null ? "close" : answer) + "]";
    }
}
