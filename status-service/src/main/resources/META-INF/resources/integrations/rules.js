// What the integrations page shows and offers, as plain functions of the status cards and the viewer
// (no DOM, no network): tested with node --test (status-service/src/test/js). The wording follows what
// the services actually do: docs/providers.md (callback outcomes, disconnect per provider),
// docs/calendar-sync.md and docs/mailchimp.md.

/** Providers connected through OAuth in the browser. */
export const OAUTH_PROVIDERS = new Set(['google', 'microsoft', 'mailchimp']);

/** Providers connected with a key the tenant admin pastes, and what the key is called. */
export const API_KEY_PROVIDERS = Object.freeze({
  mailchimp: { label: 'Mailchimp API key', hint: 'In Mailchimp: Account → Extras → API keys. It ends with its data centre, e.g. -us21.' },
  mapbox: { label: 'Mapbox access token', hint: "On the Mapbox account's Access tokens page: a pk. (public) or sk. (secret) token." },
});

const COMPANIES = Object.freeze({ google: 'Google', microsoft: 'Microsoft', mailchimp: 'Mailchimp', mapbox: 'Mapbox' });
const INTEGRATION_NAMES = Object.freeze({
  google: 'Google Calendar', microsoft: 'Outlook Calendar', mailchimp: 'Mailchimp', mapbox: 'Mapbox',
});
const CALENDARS = new Set(['google-calendar', 'outlook-calendar']);
const MISCONFIGURED_CODES = new Set(['invalid_client', 'unauthorized_client', 'redirect_uri_mismatch', 'AADSTS7000215', 'AADSTS7000222']);

/** The company behind a provider, for sentences ("Google's page"). */
export function company(provider) {
  return COMPANIES[provider] ?? provider;
}

/** The integration a provider's connections show as. */
export function integrationName(provider) {
  return INTEGRATION_NAMES[provider] ?? provider;
}

/** A card's identity: id + owner type + owner user (the stream's rule). */
export function cardKey(card) {
  return `${card.id}|${card.owner?.type ?? 'none'}|${card.owner?.userId ?? ''}`;
}

/** data-owner: "user:alice", "tenant", or "none" for an integration never connected. */
export function ownerAttribute(card) {
  if (!card.owner) return 'none';
  return card.owner.type === 'user' ? `user:${card.owner.userId}` : card.owner.type;
}

/** A DOM id fragment unique per card. */
export function cardDomId(card) {
  return `card-${ownerAttribute(card)}-${card.id}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

const STATUS = Object.freeze({
  active: { label: 'Active', tone: 'active' },
  error: { label: 'Needs attention', tone: 'error' },
  inactive: { label: 'Not connected', tone: 'inactive' },
});

/** The status as words and a tone (colour and icon); never colour alone. */
export function statusPresentation(status) {
  return STATUS[status] ?? { label: String(status ?? 'Unknown'), tone: 'inactive' };
}

/** Who is looking: from the status view and the token's claims (for what to offer; the services decide). */
export function viewerOf(claims, view) {
  const groups = Array.isArray(claims?.groups) ? claims.groups : [];
  return {
    userId: view?.userId ?? claims?.sub ?? null,
    tenantId: view?.tenantId ?? claims?.tenant_id ?? null,
    isTenantAdmin: groups.includes('tenant_admin'),
  };
}

function isOwnedBy(card, viewer) {
  return card.owner?.type === 'user' && card.owner.userId === viewer.userId;
}

/** Whose connection the card shows, as the page labels it. */
export function ownerLabel(card, viewer) {
  if (!card.owner) return null;
  if (card.owner.type === 'tenant') return `Shared by the whole tenant${viewer.tenantId ? ` (${viewer.tenantId})` : ''}`;
  return isOwnedBy(card, viewer) ? 'Your connection' : `${card.owner.userId}'s connection`;
}

/**
 * The buttons a card offers the viewer, and notes for what they may not do:
 * {actions: [{action, label, connectWith?}], notes: [string]}.
 */
export function actionsFor(card, viewer) {
  const actions = [];
  const notes = [];
  const mine = isOwnedBy(card, viewer);
  const tenants = card.owner?.type === 'tenant';
  const someoneElses = card.owner?.type === 'user' && !mine;
  const apiKey = API_KEY_PROVIDERS[card.provider];
  const oauth = OAUTH_PROVIDERS.has(card.provider);
  const keyNote = `Only tenant admins can connect ${company(card.provider)} with an ${apiKey ? apiKey.label.replace(/^\w+ /, '') : 'key'}.`;

  if (!card.connected) {
    if (someoneElses) return { actions, notes };
    if (oauth && !tenants) actions.push({ action: 'connect', connectWith: 'oauth', label: apiKey ? `Sign in with ${company(card.provider)}` : 'Connect' });
    if (apiKey && card.owner?.type !== 'user') {
      if (viewer.isTenantAdmin) {
        actions.push({ action: 'connect', connectWith: 'api-key', label: oauth ? 'Connect with an API key' : 'Connect' });
      } else {
        notes.push(keyNote);
      }
    }
    return { actions, notes };
  }

  if (card.status === 'error' && card.action === 'user_must_reconnect') {
    if (tenants && apiKey) {
      if (viewer.isTenantAdmin) actions.push({ action: 'reconnect', connectWith: 'api-key', label: 'Enter a new key' });
      else notes.push('A tenant admin must enter a new key.');
    } else if (mine && oauth) {
      actions.push({ action: 'reconnect', connectWith: 'oauth', label: 'Reconnect' });
    }
  }
  if (CALENDARS.has(card.id) && (mine || viewer.isTenantAdmin)
      && (card.status === 'active' || card.action === 'wait_and_retry')) {
    actions.push({ action: 'sync-now', label: 'Sync now' });
  }
  if (card.provider === 'mailchimp') {
    if (viewer.isTenantAdmin) actions.push({ action: 'link-audience', label: 'Link an audience' });
    else notes.push('A tenant admin links Mailchimp audiences.');
  }
  if (mine || viewer.isTenantAdmin) {
    actions.push({ action: 'disconnect', label: 'Disconnect' });
  }
  return { actions, notes };
}

/** What must be done, in words, from the card's action and who must do it; '' when nothing. */
export function actionAdvice(card, viewer, formatTime = (iso) => iso) {
  const retryAt = card.lastFailure?.retryAt;
  switch (card.action) {
    case null: case undefined: case 'none':
      return '';
    case 'wait_and_retry':
      return `Nothing to do: the CRM tries again by itself${retryAt ? ` at ${formatTime(retryAt)}` : ''}.`;
    case 'user_must_reconnect':
      if (card.owner?.type === 'tenant' || card.actionBy === 'tenant_admin') return 'A tenant admin must enter a new key.';
      return isOwnedBy(card, viewer) ? 'Reconnect to restore it.' : `${card.owner?.userId ?? 'Its owner'} must reconnect it.`;
    case 'operator_must_fix':
      return "An operator must fix the CRM's set-up with the provider; nothing for you to do.";
    case 'user_must_choose_calendar':
      return 'The synced calendar is gone (deleted, or no longer shared): a calendar must be chosen again.';
    default:
      return `Needs: ${card.action.replaceAll('_', ' ')}.`;
  }
}

/** A new card list with this card in place of the one with the same key (or added at the end). */
export function upsertCard(cards, card) {
  const key = cardKey(card);
  const index = cards.findIndex((existing) => cardKey(existing) === key);
  if (index === -1) return [...cards, card];
  const next = cards.slice();
  next[index] = card;
  return next;
}

/** The cards whose status changed (or that are new) from one list to the next: [{card, before}]. */
export function statusChanges(before, after) {
  const previous = new Map(before.map((card) => [cardKey(card), card]));
  return after
    .filter((card) => previous.get(cardKey(card))?.status !== card.status)
    .map((card) => ({ card, before: previous.get(cardKey(card)) ?? null }));
}

/** The message for token-service's return URL ({provider, outcome, error}): {kind: success|info|error, text}. */
export function outcomeMessage({ provider, outcome, error }) {
  const name = integrationName(provider);
  const who = company(provider);
  const code = error ? ` (${error})` : '';
  const again = 'Start again with Connect.';
  switch (outcome) {
    case 'connected':
      return { kind: 'success', text: `${name} is connected.` };
    case 'reconnected':
      return { kind: 'success', text: `${name} is reconnected and works again.` };
    case 'denied':
      return { kind: 'info', text: `${name} was not connected: you declined on ${who}'s page. Connect again whenever you are ready.` };
    case 'provider_error':
      return { kind: 'error', text: `${who} reported an error${code}. Try connecting again; if it happens again, an operator must check the CRM's app at ${who}.` };
    case 'invalid_start':
      return { kind: 'error', text: `That connect link was already used or has expired. ${again}` };
    case 'invalid_state':
      return { kind: 'error', text: `${who}'s answer did not match a connect request started here. ${again}` };
    case 'expired_state':
      return { kind: 'error', text: `The connect request took too long and expired. ${again}` };
    case 'replayed_state':
      return { kind: 'info', text: 'That connect request had already finished (the page was reloaded, or you went back). Nothing changed.' };
    case 'missing_cookie':
      return { kind: 'error', text: `Your browser did not bring back the cookie set when you clicked Connect (another browser or profile, or cookies blocked). ${again.replace('.', ' in this browser.')}` };
    case 'exchange_failed':
      return MISCONFIGURED_CODES.has(error)
        ? { kind: 'error', text: `${who} refused the CRM's app${code}: an operator must fix its set-up at ${who}.` }
        : { kind: 'error', text: `${who} did not complete the connection${code}. Try again; if it keeps failing, an operator must check the CRM's app at ${who}.` };
    case 'no_refresh_token':
      return { kind: 'error', text: `${who} did not grant the CRM lasting access, so it could not stay connected. An operator must check the CRM's app at ${who}.` };
    default:
      return { kind: 'error', text: `Connecting ${name} ended with "${outcome}".` };
  }
}

function possessive(card, viewer, login) {
  if (login) return `${login}'s`;
  if (isOwnedBy(card, viewer)) return 'your';
  return card.owner?.type === 'user' ? `${card.owner.userId}'s` : "the tenant's";
}

/**
 * The confirmation for Disconnect, saying what token-service's DELETE /connections/{id} does for this provider
 * (docs/providers.md) and what the siblings do when the connection is revoked: {title, text, confirm}.
 */
export function disconnectConfirmation(card, viewer, login) {
  const whose = possessive(card, viewer, login);
  const kind = card.connection?.kind ?? (card.owner?.type === 'tenant' ? 'api_key' : 'oauth');
  const title = `Disconnect ${card.name}?`;
  const stays = 'Activities already imported into the CRM stay, and nothing is deleted from the calendar.';
  let text;
  if (kind === 'api_key' && card.provider === 'mapbox') {
    text = "The CRM deletes the tenant's stored Mapbox access token and stops using it. The token itself is not deleted at Mapbox: delete it on the Mapbox account's Access tokens page.";
  } else if (kind === 'api_key') {
    text = `The CRM deletes the tenant's stored ${company(card.provider)} API key; audiences linked through it pause until they are linked through another connection. The key itself is not deleted at ${company(card.provider)}: delete it there.`;
  } else if (card.provider === 'google') {
    text = `The CRM stops syncing ${whose} calendar, deletes its stored tokens, and Google's access for the CRM is revoked. ${stays}`;
  } else if (card.provider === 'microsoft') {
    text = `The CRM stops syncing ${whose} calendar and deletes its stored tokens. Microsoft offers no way to revoke the CRM's access from here: an access token already issued stays valid until it expires (about an hour). To remove the CRM there too, remove the app at myapps.microsoft.com (work or school account) or account.live.com/consent/Manage (personal account). ${stays}`;
  } else if (card.provider === 'mailchimp') {
    text = `The CRM deletes ${whose} stored Mailchimp token; audiences linked through this connection pause until they are linked through another one. Mailchimp offers no way to revoke the CRM's access from here: remove the CRM's app in the Mailchimp account to end it there.`;
  } else {
    text = `The CRM deletes ${whose} stored tokens for ${card.name} and asks ${card.name} to revoke its access where it can.`;
  }
  return { title, text, confirm: 'Disconnect' };
}

/** What DELETE /connections/{id} reported (providerRevocation), as a message: {kind, text}. */
export function disconnectedMessage(card, providerRevocation) {
  const who = company(card.provider);
  const done = `${card.name} is disconnected`;
  switch (providerRevocation) {
    case 'revoked':
      return { kind: 'success', text: `${done}; ${who} revoked the CRM's access.` };
    case 'already_invalid':
      return { kind: 'success', text: `${done}; ${who} had already ended the CRM's access.` };
    case 'not_supported':
      return card.connection?.kind === 'api_key'
        ? { kind: 'success', text: `${done}. Delete the key at ${who} as well to end it there.` }
        : { kind: 'success', text: `${done}. ${who} cannot revoke the CRM's access from here: remove the CRM's app in the ${who} account to end it there.` };
    case 'provider_unreachable':
      return { kind: 'error', text: `${done} here, but ${who} could not be reached to revoke the CRM's access: it may still work there. Remove the CRM's access in the ${who} account settings.` };
    case 'refused':
      return { kind: 'error', text: `${done} here, but ${who} refused to revoke the CRM's access, which may still work there; an operator must check the CRM's app at ${who}.` };
    default:
      return { kind: 'success', text: `${done}.` };
  }
}

/** The claims of a JWT, read without checking anything (the services verify it); {} when it is not one. */
export function jwtClaims(token) {
  try {
    const part = String(token).split('.')[1];
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? claims : {};
  } catch {
    return {};
  }
}

/**
 * When a token expires, in epoch milliseconds: the parent's expiresAt (ISO-8601, or epoch seconds or milliseconds),
 * else the token's exp claim; null when neither says.
 */
export function expiryOf(token, expiresAt) {
  if (typeof expiresAt === 'number' && Number.isFinite(expiresAt)) return expiresAt > 1e12 ? expiresAt : expiresAt * 1000;
  if (typeof expiresAt === 'string') {
    const parsed = Date.parse(expiresAt);
    if (!Number.isNaN(parsed)) return parsed;
  }
  const exp = jwtClaims(token).exp;
  return typeof exp === 'number' ? exp * 1000 : null;
}

/** How long to wait before asking for a fresh token: a minute before expiry, or a quarter of a short lifetime. */
export function tokenRenewalDelay(expiresAtMillis, nowMillis) {
  const left = expiresAtMillis - nowMillis;
  const lead = Math.min(60_000, Math.max(0, left) / 4);
  return Math.max(0, left - lead);
}

/** The pause before reconnecting after the n-th failure in a row (0-based): 1 s doubling to 30 s, with jitter. */
export function reconnectDelay(attempt, random = Math.random) {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 15));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
