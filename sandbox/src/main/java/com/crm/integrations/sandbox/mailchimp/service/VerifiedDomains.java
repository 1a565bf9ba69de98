package com.crm.integrations.sandbox.mailchimp.service;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.mailchimp.MailchimpReset;

/**
 * Which sending domains an account has verified: a campaign whose reply-to address is on an unverified domain cannot be
 * sent (PROVIDERS.md §5.3 [obs]). Every domain is verified until the control API marks one unverified for an account.
 */
@Singleton
public class VerifiedDomains {

    private static final Logger LOG = Logger.getLogger(VerifiedDomains.class);

    private final Map<String, Set<String>> unverified = new ConcurrentHashMap<>();

    /** @param account {@code null}: no account (a campaign the control API reported), whose domains are all verified */
    public boolean verified(String account, String domain) {
        return account == null || !unverified.getOrDefault(account, Set.of()).contains(domain.toLowerCase(Locale.ROOT));
    }

    public void set(String account, String domain, boolean verified) {
        Set<String> domains = unverified.computeIfAbsent(account, name -> ConcurrentHashMap.newKeySet());
        if (verified) {
            domains.remove(domain.toLowerCase(Locale.ROOT));
        } else {
            domains.add(domain.toLowerCase(Locale.ROOT));
        }
        LOG.infof("Mailchimp sending domain: account=%s domain=%s verified=%s", account, domain, verified);
    }

    /** The account's unverified domains, sorted. */
    public List<String> unverified(String account) {
        return unverified.getOrDefault(account, Set.of()).stream().sorted().toList();
    }

    void reset(@Observes MailchimpReset reset) {
        unverified.clear();
    }
}
