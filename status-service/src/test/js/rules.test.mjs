import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PAGE } from './page.mjs';

const rules = await import(new URL('rules.js', PAGE));

const alice = { userId: 'alice', tenantId: 'acme', isTenantAdmin: false };
const admin = { userId: 'alice', tenantId: 'acme', isTenantAdmin: true };

function card(overrides) {
  return {
    id: 'google-calendar', name: 'Google Calendar', provider: 'google', owner: { type: 'user', userId: 'alice' },
    connected: true, status: 'active', reason: null, action: 'none', actionBy: null,
    connection: { id: 'c-1', kind: 'oauth', status: 'active' }, lastFailure: null, ...overrides,
  };
}

const never = (id, name, provider) => card({ id, name, provider, owner: null, connected: false, status: 'inactive', reason: 'Not connected', action: null, connection: null });
const names = (offer) => offer.actions.map((action) => `${action.action}${action.connectWith ? `:${action.connectWith}` : ''}`);

test('a card is identified by id, owner type and owner user', () => {
  assert.equal(rules.cardKey(card({})), 'google-calendar|user|alice');
  assert.equal(rules.cardKey(never('mapbox', 'Mapbox', 'mapbox')), 'mapbox|none|');
  assert.equal(rules.ownerAttribute(card({})), 'user:alice');
  assert.equal(rules.ownerAttribute(card({ owner: { type: 'tenant', userId: null } })), 'tenant');
  assert.equal(rules.ownerAttribute(never('mapbox', 'Mapbox', 'mapbox')), 'none');
});

test('an integration never connected offers Connect through OAuth, and API keys to tenant admins only', () => {
  assert.deepEqual(names(rules.actionsFor(never('google-calendar', 'Google Calendar', 'google'), alice)), ['connect:oauth']);
  assert.deepEqual(names(rules.actionsFor(never('mailchimp', 'Mailchimp', 'mailchimp'), admin)), ['connect:oauth', 'connect:api-key']);
  assert.deepEqual(names(rules.actionsFor(never('mapbox', 'Mapbox', 'mapbox'), admin)), ['connect:api-key']);
  const forUser = rules.actionsFor(never('mapbox', 'Mapbox', 'mapbox'), alice);
  assert.deepEqual(names(forUser), []);
  assert.deepEqual(forUser.notes, ['Only tenant admins can connect Mapbox with an access token.']);
});

test('a working calendar of the caller offers Sync now and Disconnect', () => {
  assert.deepEqual(names(rules.actionsFor(card({}), alice)), ['sync-now', 'disconnect']);
});

test('a connection that needs the user offers Reconnect to its owner only, and no sync', () => {
  // Given
  const broken = card({ status: 'error', action: 'user_must_reconnect', actionBy: 'user' });
  const bobs = card({ status: 'error', action: 'user_must_reconnect', actionBy: 'user', owner: { type: 'user', userId: 'bob' } });
  // Then
  assert.deepEqual(names(rules.actionsFor(broken, alice)), ['reconnect:oauth', 'disconnect']);
  assert.deepEqual(names(rules.actionsFor(bobs, alice)), []);
  assert.deepEqual(names(rules.actionsFor(bobs, admin)), ['disconnect']);
});

test("someone else's card offers nothing to a user, and Disconnect to a tenant admin", () => {
  const bobs = card({ owner: { type: 'user', userId: 'bob' } });
  assert.deepEqual(names(rules.actionsFor(bobs, alice)), []);
  assert.deepEqual(names(rules.actionsFor(bobs, admin)), ['sync-now', 'disconnect']);
});

test("a calendar waiting to retry still offers Sync now; one that is paused for the user does not", () => {
  assert.ok(names(rules.actionsFor(card({ status: 'error', action: 'wait_and_retry' }), alice)).includes('sync-now'));
  assert.ok(!names(rules.actionsFor(card({ status: 'error', action: 'operator_must_fix' }), alice)).includes('sync-now'));
});

test("Mailchimp offers Link an audience to tenant admins, and says so to others", () => {
  // Given
  const mailchimp = card({ id: 'mailchimp', name: 'Mailchimp', provider: 'mailchimp', owner: { type: 'tenant', userId: null }, connection: { id: 'k', kind: 'api_key' } });
  // Then
  assert.deepEqual(names(rules.actionsFor(mailchimp, admin)), ['link-audience', 'disconnect']);
  const forUser = rules.actionsFor(mailchimp, alice);
  assert.deepEqual(names(forUser), []);
  assert.deepEqual(forUser.notes, ['A tenant admin links Mailchimp audiences.']);
});

test('a refused tenant key asks an admin for a new key', () => {
  // Given
  const mapbox = card({ id: 'mapbox', name: 'Mapbox', provider: 'mapbox', owner: { type: 'tenant', userId: null },
    status: 'error', action: 'user_must_reconnect', actionBy: 'tenant_admin', connection: { id: 'k', kind: 'api_key' } });
  // Then
  assert.deepEqual(names(rules.actionsFor(mapbox, admin)), ['reconnect:api-key', 'disconnect']);
  assert.equal(rules.actionAdvice(mapbox, alice), 'A tenant admin must enter a new key.');
});

test('the advice says who acts and when a retry comes', () => {
  const at = '2026-12-01T10:00:00Z';
  assert.equal(rules.actionAdvice(card({ action: 'wait_and_retry', lastFailure: { retryAt: at } }), alice, () => '10:00'),
    'Nothing to do: the CRM tries again by itself at 10:00.');
  assert.equal(rules.actionAdvice(card({ action: 'user_must_reconnect', actionBy: 'user' }), alice), 'Reconnect to restore it.');
  assert.equal(rules.actionAdvice(card({ action: 'user_must_reconnect', owner: { type: 'user', userId: 'bob' } }), alice), 'bob must reconnect it.');
  assert.match(rules.actionAdvice(card({ action: 'operator_must_fix' }), alice), /operator/);
  assert.equal(rules.actionAdvice(card({ action: 'none' }), alice), '');
});

test('status is always words, with a tone for colour and icon', () => {
  assert.deepEqual(rules.statusPresentation('active'), { label: 'Active', tone: 'active' });
  assert.deepEqual(rules.statusPresentation('error'), { label: 'Needs attention', tone: 'error' });
  assert.deepEqual(rules.statusPresentation('inactive'), { label: 'Not connected', tone: 'inactive' });
});

test('an integration event replaces its card in place, or adds it', () => {
  // Given
  const cards = [card({}), never('mapbox', 'Mapbox', 'mapbox')];
  // When
  const replaced = rules.upsertCard(cards, card({ status: 'error' }));
  const added = rules.upsertCard(cards, card({ owner: { type: 'user', userId: 'bob' } }));
  // Then
  assert.deepEqual(replaced.map((c) => c.status), ['error', 'inactive']);
  assert.equal(added.length, 3);
  assert.equal(cards[0].status, 'active');
});

test('status changes name the cards whose status moved', () => {
  const changes = rules.statusChanges([card({})], [card({ status: 'error' }), never('mapbox', 'Mapbox', 'mapbox')]);
  assert.deepEqual(changes.map((change) => [change.card.status, change.before?.status ?? null]), [['error', 'active'], ['inactive', null]]);
});

test('each callback outcome has a message saying what happened and what to do', () => {
  assert.deepEqual(rules.outcomeMessage({ provider: 'google', outcome: 'connected' }), { kind: 'success', text: 'Google Calendar is connected.' });
  assert.match(rules.outcomeMessage({ provider: 'google', outcome: 'denied' }).text, /you declined on Google's page/);
  assert.match(rules.outcomeMessage({ provider: 'microsoft', outcome: 'exchange_failed', error: 'AADSTS7000215' }).text, /operator must fix/);
  for (const outcome of ['reconnected', 'provider_error', 'invalid_start', 'invalid_state', 'expired_state', 'replayed_state',
    'missing_cookie', 'exchange_failed', 'no_refresh_token', 'something_new']) {
    assert.ok(rules.outcomeMessage({ provider: 'mailchimp', outcome }).text.length > 10, outcome);
  }
});

test("the disconnect confirmation says what token-service's DELETE does for the provider", () => {
  // When
  const google = rules.disconnectConfirmation(card({}), alice, 'alice@example.com');
  const outlook = rules.disconnectConfirmation(card({ id: 'outlook-calendar', name: 'Outlook Calendar', provider: 'microsoft' }), alice, null);
  const mapbox = rules.disconnectConfirmation(card({ id: 'mapbox', name: 'Mapbox', provider: 'mapbox', owner: { type: 'tenant' }, connection: { id: 'k', kind: 'api_key' } }), admin, null);
  // Then
  assert.equal(google.title, 'Disconnect Google Calendar?');
  assert.match(google.text, /stops syncing alice@example.com's calendar/);
  assert.match(google.text, /Google's access for the CRM is revoked/);
  assert.match(outlook.text, /your calendar/);
  assert.match(outlook.text, /stays valid until it expires/);
  assert.match(mapbox.text, /not deleted at Mapbox/);
});

test("the answer of DELETE is told as it was: revoked, not supported, unreachable", () => {
  assert.equal(rules.disconnectedMessage(card({}), 'revoked').kind, 'success');
  assert.equal(rules.disconnectedMessage(card({}), 'provider_unreachable').kind, 'error');
  assert.match(rules.disconnectedMessage(card({ provider: 'mapbox', name: 'Mapbox', connection: { kind: 'api_key' } }), 'not_supported').text, /Delete the key at Mapbox/);
});

test('claims and expiry are read from the token, or from what the CRM said', () => {
  // Given
  const payload = Buffer.from(JSON.stringify({ sub: 'alice', tenant_id: 'acme', groups: ['user', 'tenant_admin'], exp: 2_000_000_000 })).toString('base64url');
  const token = `e30.${payload}.sig`;
  // Then
  assert.deepEqual(rules.viewerOf(rules.jwtClaims(token), null), { userId: 'alice', tenantId: 'acme', isTenantAdmin: true });
  assert.equal(rules.expiryOf(token, undefined), 2_000_000_000_000);
  assert.equal(rules.expiryOf(token, '2030-01-01T00:00:00Z'), Date.parse('2030-01-01T00:00:00Z'));
  assert.equal(rules.expiryOf(token, 1_900_000_000), 1_900_000_000_000);
  assert.deepEqual(rules.jwtClaims('not a token'), {});
});

test('a fresh token is asked for a minute before expiry, sooner for short tokens', () => {
  assert.equal(rules.tokenRenewalDelay(3_600_000, 0), 3_540_000);
  assert.equal(rules.tokenRenewalDelay(100_000, 0), 75_000);
  assert.equal(rules.tokenRenewalDelay(0, 5_000), 0);
});

test('reconnecting backs off from about a second to at most 30 s', () => {
  assert.equal(rules.reconnectDelay(0, () => 0), 500);
  assert.equal(rules.reconnectDelay(0, () => 1), 1000);
  assert.equal(rules.reconnectDelay(3, () => 1), 8000);
  assert.equal(rules.reconnectDelay(40, () => 1), 30000);
});
