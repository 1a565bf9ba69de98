package com.crm.integrations.sandbox.provider.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.crm.integrations.sandbox.control.SandboxReset;
import com.crm.integrations.sandbox.error.InvalidRequestException;
import com.crm.integrations.sandbox.error.NotFoundException;
import com.crm.integrations.sandbox.provider.Grant;
import com.crm.integrations.sandbox.provider.Provider;
import com.crm.integrations.sandbox.provider.config.MailchimpConfig;
import com.crm.integrations.sandbox.provider.config.ProvidersConfig;

/**
 * Mailchimp's side of a connection (PROVIDERS.md §5.1, §5.2): the OAuth metadata call ({@code Authorization: OAuth}),
 * and who may call the Marketing API of a data centre: an API key {@code <32 hex>-<dc>} of that data centre, or an OAuth
 * access token of an account in it, sent as HTTP Basic password or Bearer. Each credential speaks for an account (an
 * OAuth grant's, or the one a key was made for), so that what Mailchimp counts per account (simultaneous connections,
 * verified domains) sees every key and token of the account together.
 */
@Singleton
public class MailchimpApi {

    private static final Logger LOG = Logger.getLogger(MailchimpApi.class);
    public static final Pattern DATA_CENTRE = Pattern.compile("[a-z]{2,5}[0-9]{1,3}");

    /** How an API request authenticated. */
    public enum Access {
        GRANTED, MISSING, INVALID
    }

    /** A live API key's data centre and account. */
    private record ApiKey(String dc, String account) {
    }

    private final ActiveGrants grants;
    private final IssuedSecrets secrets;
    private final MailchimpConfig config;
    private final String defaultAccount;
    /** Live API keys. */
    private final Map<String, ApiKey> apiKeys = new ConcurrentHashMap<>();

    MailchimpApi(ActiveGrants grants, IssuedSecrets secrets, MailchimpConfig config, ProvidersConfig providers) {
        this.grants = grants;
        this.secrets = secrets;
        this.config = config;
        this.defaultAccount = providers.defaultAccount();
    }

    /**
     * A new API key of the data centre, as the account's owner would create in the Mailchimp UI.
     *
     * @param account the account it belongs to; {@code null}: {@code sandbox.providers.default-account}, the account the
     *        consent page proposes
     */
    public String createApiKey(String dc, String account) {
        if (dc == null || !DATA_CENTRE.matcher(dc).matches()) {
            throw new InvalidRequestException("dc must be a data centre such as us14");
        }
        if (account != null && (account.isBlank() || account.length() > 254)) {
            throw new InvalidRequestException("account must be 1-254 characters");
        }
        String owner = account == null ? defaultAccount : account.trim();
        String key = secrets.record(RandomTokens.hex(16) + "-" + dc);
        apiKeys.put(key, new ApiKey(dc, owner));
        LOG.infof("Created a Mailchimp API key: dc=%s account=%s", dc, owner);
        return key;
    }

    /** @throws NotFoundException when no such key is live */
    public void deleteApiKey(String key) {
        if (apiKeys.remove(key) == null) {
            throw new NotFoundException("no live API key of that value");
        }
        LOG.info("Deleted a Mailchimp API key");
    }

    /** The metadata JSON for {@code Authorization: OAuth <token>}; empty when the header or token is not that. */
    public Optional<Map<String, Object>> metadata(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "OAuth ", 0, 6)) {
            return Optional.empty();
        }
        return grants.ofAccessToken(Provider.MAILCHIMP, authorization.substring(6).trim()).map(this::metadata);
    }

    /** Whether {@code authorization} (Basic {@code anystring:<key>} or Bearer) may call the API of data centre {@code dc}. */
    public Access apiAccess(String dc, String authorization) {
        if (credential(authorization).isEmpty()) {
            return Access.MISSING;
        }
        return account(dc, authorization).isPresent() ? Access.GRANTED : Access.INVALID;
    }

    /** The account {@code authorization} speaks for when it may call the API of data centre {@code dc}; else empty. */
    public Optional<String> account(String dc, String authorization) {
        Optional<String> credential = credential(authorization);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        ApiKey key = apiKeys.get(credential.get());
        if (key != null) {
            return key.dc().equals(dc) ? Optional.of(key.account()) : Optional.empty();
        }
        return grants.ofAccessToken(Provider.MAILCHIMP, credential.get()).filter(grant -> dc.equals(grant.dc())).map(Grant::account);
    }

    private Map<String, Object> metadata(Grant grant) {
        String account = grant.account();
        long userId = MailchimpProfile.userId(account);
        long loginId = Long.parseLong(Identities.numeric("mailchimp-login", account, 8));
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("email", account);
        login.put("avatar", null);
        login.put("login_id", loginId);
        login.put("login_name", account);
        login.put("login_email", account);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dc", grant.dc());
        body.put("role", "owner");
        body.put("accountname", accountName(account));
        body.put("user_id", userId);
        body.put("login", login);
        body.put("login_url", "https://login.mailchimp.com");
        body.put("api_endpoint", config.apiEndpointTemplate().replace("{dc}", grant.dc()));
        return body;
    }

    /** {@code owner@acme.com} → {@code Acme}. */
    private static String accountName(String account) {
        String label = Identities.domain(account).split("\\.")[0];
        return label.isEmpty() ? account : label.substring(0, 1).toUpperCase(Locale.ROOT) + label.substring(1);
    }

    private static Optional<String> credential(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).trim()).filter(value -> !value.isEmpty());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(colon + 1)).filter(value -> !value.isEmpty());
            } catch (IllegalArgumentException notBase64) {
                return Optional.of(""); // present but unusable: invalid, not missing
            }
        }
        return Optional.of(authorization); // some other scheme: present, and no key
    }

    void reset(@Observes SandboxReset reset) {
        apiKeys.clear();
    }
}
