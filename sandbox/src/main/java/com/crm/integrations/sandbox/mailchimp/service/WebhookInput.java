package com.crm.integrations.sandbox.mailchimp.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.crm.integrations.sandbox.mailchimp.EventType;
import com.crm.integrations.sandbox.mailchimp.Source;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST} and {@code PATCH …/webhooks[/{id}]} (PROVIDERS.md §6.1): {@code url}, {@code events} and
 * {@code sources} flags. Unknown fields and flags are ignored, as Mailchimp's newer ones ({@code sms_subscribe}, …) may
 * be sent; a flag left out is not set on create and unchanged on PATCH [unconf: Mailchimp's defaults are not documented].
 *
 * @param url {@code null} when not sent
 */
record WebhookInput(String url, Map<EventType, Boolean> events, Map<Source, Boolean> sources) {

    /**
     * @param create whether {@code url} is required
     * @throws com.crm.integrations.sandbox.provider.ProviderRefusal 400 {@code JSON Parse Error} or {@code Invalid Resource}
     */
    static WebhookInput parse(String body, boolean create) {
        JsonNode root = JsonBodies.object(body);
        String url = url(root.get("url"), create);
        return new WebhookInput(url, flags(root.get("events"), "events", EventType.class, EventType::wireName),
                flags(root.get("sources"), "sources", Source.class, Source::wireName));
    }

    /** The flags set after this input, starting from {@code before}. */
    static <E extends Enum<E>> Set<E> applied(Set<E> before, Map<E, Boolean> changes, Class<E> type) {
        Set<E> after = before.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(before);
        changes.forEach((flag, on) -> {
            if (on) {
                after.add(flag);
            } else {
                after.remove(flag);
            }
        });
        return after;
    }

    private static String url(JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw MailchimpErrors.invalidField("url", "This value should not be blank.");
            }
            return null;
        }
        String url = node.isTextual() ? node.asText().trim() : "";
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException notUri) {
            // refused below
        }
        throw MailchimpErrors.invalidField("url", "This value should be a valid URL.");
    }

    private static <E extends Enum<E>> Map<E, Boolean> flags(JsonNode node, String field, Class<E> type, Function<E, String> wireName) {
        Map<E, Boolean> flags = new EnumMap<>(type);
        if (node == null || node.isNull()) {
            return flags;
        }
        if (!node.isObject()) {
            throw MailchimpErrors.invalidField(field, "This value should be an object of booleans.");
        }
        for (E flag : type.getEnumConstants()) {
            JsonNode value = node.get(wireName.apply(flag));
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isBoolean()) {
                throw MailchimpErrors.invalidField(field + "." + wireName.apply(flag), "This value should be of type boolean.");
            }
            flags.put(flag, value.booleanValue());
        }
        return flags;
    }
}
