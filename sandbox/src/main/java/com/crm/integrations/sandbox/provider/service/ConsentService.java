package com.crm.integrations.sandbox.provider.service;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.provider.AuthorizationRequest;
import com.crm.integrations.sandbox.provider.ConsentPage;
import com.crm.integrations.sandbox.provider.PendingConsent;
import com.crm.integrations.sandbox.provider.ProviderRefusal;
import com.crm.integrations.sandbox.provider.Redirect;
import com.crm.integrations.sandbox.provider.Scopes;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

/**
 * The user's side of the authorization endpoint (RFC 6749 §4.1.1-4.1.2): a valid request gets a consent page, single
 * use and as short-lived as a code; the user's answer on it becomes a redirect with a code ({@link CodeIssuer}) or with
 * {@code error=access_denied}.
 */
@Singleton
public class ConsentService {

    private static final Logger LOG = Logger.getLogger(ConsentService.class);

    /** An e-mail address or login: printable, no spaces, quotes or angle brackets. */
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._%+@-]{1,254}");
    private static final String UNKNOWN_CONSENT = "This consent page is unknown, expired or was already answered.";

    private final AuthorizationRequestValidator validator;
    private final CodeIssuer codes;
    private final ProviderState state;
    private final SandboxClock clock;
    private final Duration lifetime;
    private final String defaultAccount;

    ConsentService(AuthorizationRequestValidator validator, CodeIssuer codes, ProviderState state, SandboxClock clock,
            ProvidersConfig config) {
        this.validator = validator;
        this.codes = codes;
        this.state = state;
        this.clock = clock;
        this.lifetime = config.codeLifetime();
        this.defaultAccount = config.defaultAccount();
    }

    /**
     * Validates an authorization request as the provider does and opens its consent page.
     *
     * @throws ProviderRefusal an error page (unknown client, unregistered redirect URI) or the provider's error redirect
     */
    public ConsentPage ask(ProviderProfile profile, String tenant, Map<String, List<String>> query) {
        AuthorizationRequest request = validator.validate(profile, tenant, query);
        PendingConsent consent = new PendingConsent(RandomTokens.base64Url(24), request, clock.now().plus(lifetime));
        state.addConsent(consent);
        String account = request.loginHint() != null && ACCOUNT.matcher(request.loginHint()).matches() ? request.loginHint() : defaultAccount;
        return new ConsentPage(profile.displayName(), "/" + profile.provider().prefix() + "/consent", consent, account,
                profile.defaultDataCentre());
    }

    /**
     * The user's answer on the consent page: a redirect with a code, or with {@code error=access_denied}.
     *
     * @throws ProviderRefusal a 400 page for an unknown, used or expired consent id or a bad field
     */
    public Redirect decide(ProviderProfile profile, Map<String, List<String>> form) {
        String id = Parameters.first(form, "consent");
        PendingConsent consent = id == null ? null : state.consent(id).orElse(null);
        if (consent == null || consent.request().provider() != profile.provider() || !clock.now().isBefore(consent.expiresAt())) {
            throw Refusals.page(profile, "invalid_request", UNKNOWN_CONSENT);
        }
        AuthorizationRequest request = consent.request();
        String decision = Parameters.first(form, "decision");
        if (!"approve".equals(decision) && !"deny".equals(decision)) {
            throw Refusals.page(profile, "invalid_request", "decision must be approve or deny");
        }
        String account = Optional.ofNullable(Parameters.first(form, "account")).map(String::trim).orElse(defaultAccount);
        if (!ACCOUNT.matcher(account).matches()) {
            throw Refusals.page(profile, "invalid_request", "account must be an e-mail address or login of 1-254 of [A-Za-z0-9._%+@-]");
        }
        Set<String> granted = granted(profile, request, form.get("scope"));
        String dc = dataCentre(profile, Parameters.first(form, "dc"));
        if (!consent.answer()) {
            throw Refusals.page(profile, "invalid_request", UNKNOWN_CONSENT);
        }
        state.removeConsent(consent.id());
        if ("deny".equals(decision)) {
            LOG.infof("Consent denied: provider=%s client_id=%s account=%s", profile.provider().prefix(), request.clientId(), account);
            return Redirect.to(request.redirectUri(), "error", "access_denied", "error_description", profile.denialDescription(), "state",
                    request.state());
        }
        return codes.approve(profile, request, account, granted, dc);
    }

    /** The scopes the user left ticked: all requested when the form names none; never one that was not requested. */
    private static Set<String> granted(ProviderProfile profile, AuthorizationRequest request, List<String> fields) {
        if (fields == null || request.scopes().isEmpty()) {
            return request.scopes();
        }
        Set<String> granted = new LinkedHashSet<>();
        try {
            for (String field : fields) {
                granted.addAll(profile.normalize(Scopes.parse(field)));
            }
        } catch (IllegalArgumentException malformed) {
            throw Refusals.page(profile, "invalid_request", "scope is malformed");
        }
        if (!request.scopes().containsAll(granted)) {
            Set<String> extra = new LinkedHashSet<>(granted);
            extra.removeAll(request.scopes());
            throw Refusals.page(profile, "invalid_request", "scope grants what was not requested: " + Scopes.join(extra));
        }
        return granted;
    }

    /** The data centre the user chose, else the provider's default; {@code null} at providers without data centres. */
    private static String dataCentre(ProviderProfile profile, String field) {
        if (profile.defaultDataCentre() == null) {
            return null;
        }
        String dc = Optional.ofNullable(field).map(String::trim).filter(value -> !value.isEmpty()).orElse(profile.defaultDataCentre());
        if (!MailchimpApi.DATA_CENTRE.matcher(dc).matches()) {
            throw Refusals.page(profile, "invalid_request", "dc must be a data centre such as us21");
        }
        return dc;
    }
}
