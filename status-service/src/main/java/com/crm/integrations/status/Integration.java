package com.crm.integrations.status;

import java.util.List;

/**
 * An integration the status view shows a card for: one per provider token-service connects. The four the CRM's settings
 * page knows have their own id and name; any other provider a tenant may connect (a standards OAuth provider) is shown
 * under its provider name, without usage.
 *
 * @param id       the card's id: {@code google-calendar}, {@code outlook-calendar}, {@code mailchimp}, {@code mapbox},
 *                 or the provider's name
 * @param name     what people read
 * @param provider token-service's provider name
 * @param usage    which usage figures it has
 * @param sources  the siblings whose facts it is built from (token-service's always)
 */
public record Integration(String id, String name, String provider, Usage usage, List<Sibling> sources) {

    /** Which usage figures a card carries. */
    public enum Usage {
        CALENDAR, MAILCHIMP, API_KEY, NONE
    }

    public static final Integration GOOGLE_CALENDAR = new Integration("google-calendar", "Google Calendar", "google",
            Usage.CALENDAR, List.of(Sibling.TOKEN_SERVICE, Sibling.CALENDAR_SERVICE));
    public static final Integration OUTLOOK_CALENDAR = new Integration("outlook-calendar", "Outlook Calendar", "microsoft",
            Usage.CALENDAR, List.of(Sibling.TOKEN_SERVICE, Sibling.CALENDAR_SERVICE));
    public static final Integration MAILCHIMP = new Integration("mailchimp", "Mailchimp", "mailchimp", Usage.MAILCHIMP,
            List.of(Sibling.TOKEN_SERVICE, Sibling.MAILCHIMP_SERVICE));
    public static final Integration MAPBOX = new Integration("mapbox", "Mapbox", "mapbox", Usage.API_KEY,
            List.of(Sibling.TOKEN_SERVICE));

    /** The integrations with a card of their own, in the order the page shows them. */
    public static final List<Integration> KNOWN = List.of(GOOGLE_CALENDAR, OUTLOOK_CALENDAR, MAILCHIMP, MAPBOX);

    /** The integration of a provider's connections. */
    public static Integration ofProvider(String provider) {
        return KNOWN.stream().filter(known -> known.provider.equals(provider)).findFirst()
                .orElseGet(() -> new Integration(provider, provider, provider, Usage.NONE, List.of(Sibling.TOKEN_SERVICE)));
    }

    /** Where {@link #KNOWN} puts it; others after them, by name. */
    public int order() {
        int index = KNOWN.indexOf(this);
        return index < 0 ? KNOWN.size() : index;
    }

    /** The sibling services status-service reads facts from, and probes. */
    public enum Sibling {
        TOKEN_SERVICE("token-service"), CALENDAR_SERVICE("calendar-service"), MAILCHIMP_SERVICE("mailchimp-service");

        private final String serviceName;

        Sibling(String serviceName) {
            this.serviceName = serviceName;
        }

        public String serviceName() {
            return serviceName;
        }

    }
}
