import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PAGE } from './page.mjs';

const { Api, ApiError } = await import(new URL('api.js', PAGE));

const config = { tokenServiceUrl: 'http://localhost:8081', calendarServiceUrl: '', mailchimpServiceUrl: '' };

function answering(response) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    if (response instanceof Error) throw response;
    return response;
  };
  return { calls, api: new Api(config, () => 'T0KEN', 'http://localhost:8084/integrations/', fetch) };
}

test('calls carry the bearer token to the configured service, or to the page\'s own origin', async () => {
  // Given
  const { calls, api } = answering(new Response('{"startUrl":"http://x"}', { status: 201, headers: { 'Content-Type': 'application/json' } }));
  // When
  const answer = await api.call('token', '/connections/google/authorizations', { method: 'POST' });
  await api.call('calendar', '/calendar/links');
  await api.call('status', 'status?scope=user');
  // Then
  assert.equal(answer.body.startUrl, 'http://x');
  assert.deepEqual(calls.map((call) => call.url), ['http://localhost:8081/connections/google/authorizations',
    'http://localhost:8084/calendar/links', 'http://localhost:8084/integrations/status?scope=user']);
  assert.equal(calls[0].init.headers.Authorization, 'Bearer T0KEN');
  assert.equal(calls[0].init.credentials, 'omit');
});

test('a problem answer becomes its title and detail, with Retry-After', async () => {
  // Given
  const { api } = answering(new Response(JSON.stringify({ type: 'https://crm-integrations.dev/problems/service-unavailable', title: 'Service unavailable', status: 503, detail: 'Mailchimp cannot be reached now.' }),
    { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' } }));
  // When
  const error = await api.call('mailchimp', '/mailchimp/audiences').catch((caught) => caught);
  // Then
  assert.ok(error instanceof ApiError);
  assert.equal(error.title, 'Service unavailable');
  assert.equal(error.detail, 'Mailchimp cannot be reached now. Try again in 5 s.');
  assert.equal(error.status, 503);
});

test('an answer that is not a problem never shows its body', async () => {
  // Given
  const { api } = answering(new Response('<html>Bad gateway at the proxy</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
  // When
  const error = await api.call('token', '/connections').catch((caught) => caught);
  // Then
  assert.equal(error.title, 'The request failed');
  assert.equal(error.detail, 'token-service could not answer (HTTP 502). Try again in a moment.');
  assert.ok(!error.detail.includes('html'));
});

test('no answer at all names the service', async () => {
  // Given
  const { api } = answering(new TypeError('Failed to fetch'));
  // When
  const error = await api.call('calendar', '/calendar/links').catch((caught) => caught);
  // Then
  assert.equal(error.title, 'Could not reach calendar-service');
  assert.equal(error.status, 0);
});

test('304 is an answer without a body', async () => {
  // Given
  const { calls, api } = answering(new Response(null, { status: 304, headers: { ETag: '"4"' } }));
  // When
  const answer = await api.call('status', 'status?scope=user', { headers: { 'If-None-Match': '"4"' } });
  // Then
  assert.equal(answer.status, 304);
  assert.equal(calls[0].init.headers['If-None-Match'], '"4"');
});
