package com.crm.integrations.sandbox.calendar.service;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.crm.integrations.sandbox.calendar.EventFields;

/**
 * The OData query options of a Graph event read the sandbox takes ([mem] for their syntax): {@code $expand} of one
 * extended property, and on listings a {@code $filter} on one extended property's value. Other options ({@code $select},
 * {@code $top}, {@code $orderby}) are ignored.
 *
 * @param expand {@code $expand=singleValueExtendedProperties($filter=id eq '<id>')}: the id, canonical; {@code null}: none
 * @param filter {@code $filter=singleValueExtendedProperties/Any(ep: ep/id eq '<id>' and ep/value eq '<value>')}; {@code null}: none
 */
record GraphQuery(String expand, PropertyMatch filter) {

    /** Events whose extended property {@code id} (canonical) has this value, exactly. */
    record PropertyMatch(String id, String value) {

        boolean matches(EventFields fields) {
            return value.equals(fields.privateProperties().get(id));
        }
    }

    private static final String LITERAL = "'((?:[^']|'')*)'";
    private static final Pattern EXPAND = Pattern.compile(
            "(?i)\\s*singleValueExtendedProperties\\s*\\(\\s*\\$filter\\s*=\\s*id\\s+eq\\s+" + LITERAL + "\\s*\\)\\s*");
    private static final Pattern FILTER = Pattern.compile("(?i)\\s*singleValueExtendedProperties/any\\(\\s*(\\w+)\\s*:\\s*\\1/id\\s+eq\\s+"
            + LITERAL + "\\s+and\\s+\\1/value\\s+eq\\s+" + LITERAL + "\\s*\\)\\s*");

    /**
     * @param listing whether {@code $filter} applies (a listing) or is ignored (one event)
     * @throws com.crm.integrations.sandbox.provider.ProviderRefusal 400 for an option of another form
     */
    static GraphQuery of(Map<String, List<String>> query, boolean listing, String clientRequestId) {
        String expand = GraphCalendarReads.first(query, "$expand");
        String filter = listing ? GraphCalendarReads.first(query, "$filter") : null;
        return new GraphQuery(expand == null ? null : expand(expand, clientRequestId), filter == null ? null : filter(filter, clientRequestId));
    }

    /** The options a listing's {@code @odata.nextLink} repeats, each followed by {@code &}. */
    String linkQuery() {
        StringBuilder link = new StringBuilder();
        if (filter != null) {
            link.append("$filter=").append(encode("singleValueExtendedProperties/Any(ep: ep/id eq " + literal(filter.id())
                    + " and ep/value eq " + literal(filter.value()) + ")")).append('&');
        }
        if (expand != null) {
            link.append("$expand=").append(encode("singleValueExtendedProperties($filter=id eq " + literal(expand) + ")")).append('&');
        }
        return link.toString();
    }

    /** [mem: Graph's answer to an $expand it cannot parse] */
    private static String expand(String option, String clientRequestId) {
        Matcher matcher = EXPAND.matcher(option);
        String id = matcher.matches() ? GraphExtendedProperties.canonicalId(unquote(matcher.group(1))).orElse(null) : null;
        if (id == null) {
            throw GraphErrors.refusal(400, "BadRequest", "Parsing OData Select and Expand failed: the sandbox takes "
                    + "$expand=singleValueExtendedProperties($filter=id eq 'String {guid} Name <name>') only.", clientRequestId);
        }
        return id;
    }

    /** [mem: Graph's answer to a $filter it cannot take] */
    private static PropertyMatch filter(String option, String clientRequestId) {
        Matcher matcher = FILTER.matcher(option);
        String id = matcher.matches() ? GraphExtendedProperties.canonicalId(unquote(matcher.group(2))).orElse(null) : null;
        if (id == null) {
            throw GraphErrors.refusal(400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.",
                    clientRequestId);
        }
        return new PropertyMatch(id, unquote(matcher.group(3)));
    }

    /** An OData string literal's content: {@code ''} stands for {@code '}. */
    private static String unquote(String content) {
        return content.replace("''", "'");
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
