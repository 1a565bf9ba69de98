package com.crm.integrations.calendar.service;

import com.crm.integrations.calendar.client.ProviderEvent;

/** What an attempt of a command came to at the provider. */
sealed interface CommandResult {

    /** The provider holds the event as written (created or updated). */
    record Written(ProviderEvent event) implements CommandResult {
    }

    /** The event is removed (now or before). */
    record Removed() implements CommandResult {
    }

    /** The event the command was for is gone: the user deleted it. */
    record Gone() implements CommandResult {
    }

    /** The user had changed the event meanwhile and the tenant's rule keeps their version, as it is now. */
    record Kept(ProviderEvent current) implements CommandResult {
    }
}
