// The integrations page: each integration's live status, and what the user can do about it.
// How it is embedded, where its token comes from and what each button calls: docs/status.md,
// "The integrations page". Plain modules, no build step: rules.js (what to show and offer),
// sse.js (the event stream), api.js (calls and their problem details).

import { Api, ApiError, problemOf } from './api.js';
import * as rules from './rules.js';
import { SseParser } from './sse.js';

const POLL_INTERVAL = 15_000;
const SILENCE_LIMIT = 45_000; // the stream sends a heartbeat every 15 s
const PENDING_LIMIT = 120_000;
const MESSAGES = Object.freeze({
  ready: 'crm-integrations:ready',
  token: 'crm-integrations:token',
  expiring: 'crm-integrations:token-expiring',
  height: 'crm-integrations:height',
  outcome: 'crm-integrations:outcome',
});

const byId = (id) => document.getElementById(id);
const embedded = window.parent !== window;

// The demo's #token=… and token-service's ?outcome=… leave the address bar before anything else runs.
const fragmentToken = takeFragmentToken();
const returned = takeOutcome();

const state = {
  config: null,
  api: null,
  token: null,
  tokenSource: null, // 'fragment' | 'parent'
  expiresAt: null,
  claims: {},
  viewer: { userId: null, tenantId: null, isTenantAdmin: false },
  started: false,
  waitingForToken: false,
  scope: 'user',
  view: null,
  cards: [],
  etag: null,
  lastEventId: '',
  stream: null,
  streamFailures: 0,
  polling: false,
  timers: { poll: null, reconnect: null, renewal: null },
  pending: new Map(),
};

boot();

// ---------------------------------------------------------------------------------------------
// Start-up

function takeFragmentToken() {
  if (location.hash.length < 2) return null;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token === null) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  return token || null;
}

function takeOutcome() {
  const params = new URLSearchParams(location.search);
  const outcome = params.get('outcome');
  if (!outcome) return null;
  history.replaceState(history.state, '', location.pathname + location.hash);
  return { provider: params.get('provider') ?? '', outcome, error: params.get('error'), connection: params.get('connection') };
}

async function boot() {
  wireControls();
  if (returned && finishInPopup(returned)) return;
  if (returned) showNotice(rules.outcomeMessage(returned));
  try {
    const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) throw await problemOf(response, 'status');
    state.config = await response.json();
  } catch (error) {
    showError(error instanceof ApiError ? error : new ApiError('The page could not start', 'Its settings could not be loaded. Reload the page.', 0));
    setLiveState('stopped', 'Not loaded');
    return;
  }
  state.api = new Api(state.config, () => state.token, document.baseURI);
  window.addEventListener('message', onMessage);
  reportHeight();
  if (fragmentToken) {
    acceptToken(fragmentToken, null, 'fragment');
  } else if (embedded) {
    setLiveState('waiting', 'Waiting for the CRM to sign you in…');
    if (parentOrigins().length === 0) {
      showError(new ApiError('The CRM cannot sign you in here',
        'This address is not allowed to embed the page (integrations.page.allowed-parent-origins).', 0));
    }
    postToParent(MESSAGES.ready);
  } else {
    setLiveState('stopped', 'Not signed in');
    byId('cards-empty').textContent = 'Sign in to see the integrations.';
    showError(new ApiError('Not signed in',
      'Open this page from the CRM. For the local demo, open the address ./run prints: it carries a token.', 0));
  }
}

/** Back from the provider in the window the page opened: hand the outcome to the page and close. */
function finishInPopup(result) {
  let opener = null;
  try {
    opener = window.opener && window.opener.location.origin === location.origin ? window.opener : null;
  } catch {
    opener = null; // another origin opened this window
  }
  if (!opener || embedded) return false;
  opener.postMessage({ type: MESSAGES.outcome, ...result }, location.origin);
  const message = rules.outcomeMessage(result);
  showNotice({ kind: message.kind, text: `${message.text} This window closes by itself; you can also close it.` });
  setLiveState('stopped', 'Done');
  byId('cards-empty').textContent = 'Back to the integrations page you started from.';
  setTimeout(() => window.close(), 2500);
  return true;
}

function wireControls() {
  byId('notice-dismiss').addEventListener('click', hideNotice);
  byId('error-dismiss').addEventListener('click', hideError);
  byId('scope').addEventListener('submit', (event) => event.preventDefault());
  byId('scope').addEventListener('change', (event) => changeScope(event.target.value));
  byId('cards').addEventListener('click', onCardClick);
  for (const dialog of document.querySelectorAll('dialog')) {
    dialog.addEventListener('close', () => returnFocus(dialog));
    for (const button of dialog.querySelectorAll('[data-dialog-close]')) {
      button.addEventListener('click', () => dialog.close('cancel'));
    }
  }
  byId('key-form').addEventListener('submit', submitKey);
  byId('key-dialog').addEventListener('close', () => { byId('key-input').value = ''; });
  byId('audience-form').addEventListener('submit', submitAudience);
}

// ---------------------------------------------------------------------------------------------
// The token: from the CRM by postMessage, or from the URL's fragment for the local demo. Memory only.

function parentOrigins() {
  return Array.isArray(state.config?.allowedParentOrigins) ? state.config.allowedParentOrigins : [];
}

function postToParent(type) {
  if (!embedded) return;
  for (const origin of parentOrigins()) {
    window.parent.postMessage({ type }, origin); // delivered only to the parent that really has this origin
  }
}

function onMessage(event) {
  const data = event.data;
  if (!data || typeof data !== 'object') return;
  if (data.type === MESSAGES.token && embedded && event.source === window.parent && parentOrigins().includes(event.origin)) {
    if (typeof data.token === 'string' && data.token.length > 0) acceptToken(data.token, data.expiresAt, 'parent');
  } else if (data.type === MESSAGES.outcome && event.origin === location.origin) {
    connectFinished(data);
  }
}

function acceptToken(token, expiresAt, source) {
  state.token = token;
  state.tokenSource = source;
  state.claims = rules.jwtClaims(token);
  state.expiresAt = rules.expiryOf(token, expiresAt);
  state.viewer = rules.viewerOf(state.claims, state.view);
  scheduleRenewal();
  if (!state.started) {
    state.started = true;
    start();
  } else if (state.waitingForToken) {
    state.waitingForToken = false;
    hideError();
    resume();
  }
}

function scheduleRenewal() {
  clearTimeout(state.timers.renewal);
  if (state.expiresAt === null) return;
  if (state.tokenSource === 'parent') {
    state.timers.renewal = setTimeout(() => postToParent(MESSAGES.expiring), rules.tokenRenewalDelay(state.expiresAt, Date.now()));
  } else {
    state.timers.renewal = setTimeout(() => tokenExpired(), Math.max(0, state.expiresAt - Date.now()));
  }
}

/** The token no longer works (the stream said so, or a call got 401): stop, and get a fresh one where we can. */
function tokenExpired() {
  stopUpdates();
  if (state.tokenSource === 'parent') {
    state.waitingForToken = true;
    setLiveState('waiting', 'Renewing your sign-in…');
    postToParent(MESSAGES.expiring);
    return;
  }
  state.token = null;
  setLiveState('stopped', 'Signed out');
  showError(new ApiError('Your sign-in has expired',
    'Open the page again with a fresh token (locally: the address ./run prints, or a token minted as docs/identity.md shows).', 401));
}

// ---------------------------------------------------------------------------------------------
// The data: GET /integrations/status, then the live stream (or polling where there is none).

async function start() {
  byId('scope').hidden = !state.viewer.isTenantAdmin;
  await loadStatus();
  if (state.token) openStream();
}

function resume() {
  loadStatus();
  if (state.polling) startPolling();
  else openStream();
}

function stopUpdates() {
  closeStream();
  clearInterval(state.timers.poll);
  clearTimeout(state.timers.reconnect);
}

function changeScope(scope) {
  if (scope === state.scope) return;
  state.scope = scope;
  state.etag = null;
  state.lastEventId = '';
  byId('cards').setAttribute('aria-busy', 'true');
  stopUpdates();
  if (!state.token) return;
  resume();
}

async function loadStatus() {
  if (!state.token) return;
  const scope = state.scope;
  try {
    const answer = await state.api.call('status', `status?scope=${scope}`, {
      headers: state.etag ? { 'If-None-Match': state.etag } : {},
    });
    if (scope !== state.scope || answer.status === 304) return;
    state.etag = answer.headers.get('ETag');
    applyView(answer.body);
  } catch (error) {
    if (error?.status === 401) tokenExpired();
    else showError(error);
  }
}

function startPolling() {
  state.polling = true;
  setLiveState('polling', 'Updating every 15 s');
  clearInterval(state.timers.poll);
  state.timers.poll = setInterval(loadStatus, POLL_INTERVAL);
}

function closeStream() {
  const stream = state.stream;
  state.stream = null;
  stream?.abort();
}

async function openStream() {
  closeStream();
  clearTimeout(state.timers.reconnect);
  if (!state.token || state.polling) return;
  const controller = new AbortController();
  state.stream = controller;
  const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${state.token}` };
  if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
  let response;
  try {
    response = await fetch(state.api.url('status', `status/stream?scope=${state.scope}`),
      { headers, signal: controller.signal, cache: 'no-store', credentials: 'omit' });
  } catch {
    if (state.stream === controller) streamDropped();
    return;
  }
  if (state.stream !== controller) return;
  if (response.status === 404) {
    // No stream on this status-service (an older one is deployed): the GET alone, every 15 s.
    state.stream = null;
    startPolling();
    return;
  }
  if (response.status === 401) {
    tokenExpired();
    return;
  }
  if (!response.ok || !(response.headers.get('Content-Type') ?? '').includes('text/event-stream')) {
    const problem = response.ok ? null : await problemOf(response, 'status');
    if (problem && response.status < 500) {
      state.stream = null;
      showError(problem);
      startPolling();
    } else {
      streamDropped();
    }
    return;
  }
  await readStream(controller, response);
}

async function readStream(controller, response) {
  state.streamFailures = 0;
  setLiveState('live', 'Live');
  let expired = false;
  let silence = null;
  const listen = () => {
    clearTimeout(silence);
    silence = setTimeout(() => { controller.silent = true; controller.abort(); }, SILENCE_LIMIT);
  };
  const parser = new SseParser({
    onEvent: (event) => {
      state.lastEventId = parser.lastEventId;
      if (event.type === 'expired') expired = true;
      else onStreamEvent(event);
    },
  }, state.lastEventId);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  listen();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      listen();
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
  } catch {
    // dropped, silent too long, or closed on purpose: decided below
  }
  clearTimeout(silence);
  parser.end();
  if (state.stream !== controller) return; // closed on purpose (scope change, new token)
  state.stream = null;
  if (expired) tokenExpired();
  else streamDropped();
}

function streamDropped() {
  state.stream = null;
  const delay = rules.reconnectDelay(state.streamFailures);
  state.streamFailures += 1;
  setLiveState('reconnecting', `Reconnecting in ${Math.ceil(delay / 1000)} s…`);
  clearTimeout(state.timers.reconnect);
  state.timers.reconnect = setTimeout(openStream, delay);
}

function onStreamEvent(event) {
  let data;
  try {
    data = JSON.parse(event.data);
  } catch {
    return; // not ours to show
  }
  if (event.type === 'snapshot') applyView(data);
  else if (event.type === 'integration') applyCards(rules.upsertCard(state.cards, data));
}

function applyView(view) {
  if (!view || !Array.isArray(view.integrations)) return;
  state.view = view;
  state.viewer = rules.viewerOf(state.claims, view);
  byId('scope').hidden = !state.viewer.isTenantAdmin;
  renderViewer();
  applyCards(view.integrations);
}

function applyCards(cards) {
  const before = state.cards;
  const first = byId('cards').getAttribute('data-loaded') !== 'true';
  state.cards = cards;
  renderCards();
  if (!first) announceChanges(before, cards);
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderViewer() {
  const viewer = byId('viewer');
  const { userId, tenantId, isTenantAdmin } = state.viewer;
  if (!userId && !tenantId) return;
  viewer.textContent = `${userId ?? 'Signed in'}${isTenantAdmin ? ', tenant admin' : ''}${tenantId ? ` · ${tenantId}` : ''}`;
  viewer.hidden = false;
}

/** What each card element was drawn from, so that an unchanged card keeps its element (and focus). */
const signatures = new WeakMap();

function renderCards() {
  const container = byId('cards');
  const focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement : null;
  const focusKey = focused?.closest('article')?.dataset.key ?? null;
  const focusAction = focused?.dataset.action ?? null;

  const existing = new Map([...container.children].map((element) => [element.dataset.key, element]));
  const wanted = state.cards.map((card) => {
    const key = rules.cardKey(card);
    settlePending(key, card);
    const signature = JSON.stringify([card, state.viewer, state.pending.get(key)?.label ?? null]);
    const current = existing.get(key);
    if (current && signatures.get(current) === signature) return current;
    const element = cardElement(card, key);
    signatures.set(element, signature);
    return element;
  });
  const keep = new Set(wanted);
  for (const child of [...container.children]) {
    if (!keep.has(child)) child.remove();
  }
  wanted.forEach((element, index) => {
    if (container.children[index] !== element) container.insertBefore(element, container.children[index] ?? null);
  });

  container.setAttribute('aria-busy', 'false');
  container.setAttribute('data-loaded', 'true');
  const empty = byId('cards-empty');
  empty.hidden = state.cards.length > 0;
  empty.textContent = 'No integrations are allowed for this tenant.';

  if (focusKey && !container.contains(focused)) {
    const article = [...container.children].find((element) => element.dataset.key === focusKey);
    const again = focusAction ? article?.querySelector(`[data-action="${focusAction}"]`) : null;
    (again ?? article)?.focus();
  }
  reportHeight();
}

function cardElement(card, key) {
  const viewer = state.viewer;
  const domId = rules.cardDomId(card);
  const status = rules.statusPresentation(card.status);
  const pending = state.pending.get(key);

  const article = element('article', {
    class: `card card-${status.tone}`,
    'data-integration': card.id,
    'data-owner': rules.ownerAttribute(card),
    'data-status': card.status,
    'data-key': key,
    'aria-labelledby': `${domId}-name`,
    tabindex: '-1',
  });
  if (pending) {
    article.setAttribute('aria-busy', 'true');
    article.dataset.pending = pending.action;
  }

  const head = element('div', { class: 'card-head' });
  head.append(element('h3', { id: `${domId}-name`, class: 'card-name' }, card.name));
  const owner = rules.ownerLabel(card, viewer);
  if (owner) head.append(element('p', { class: 'card-owner' }, owner));
  const statusLine = element('p', { class: `status status-${status.tone}`, 'data-status-text': '' });
  statusLine.append(statusIcon(status.tone), element('span', {}, status.label));
  head.append(statusLine);
  article.append(head);

  if (card.reason && card.reason !== status.label) article.append(element('p', { class: 'card-reason' }, card.reason));
  const advice = rules.actionAdvice(card, viewer, formatTime);
  if (advice) article.append(element('p', { class: 'card-advice' }, advice));
  if (card.stale) {
    const stale = element('p', { class: 'stale-badge', 'data-stale': '' });
    stale.append(statusIcon('stale'), element('span', {},
      `May be out of date since ${card.staleSince ? formatTime(card.staleSince) : 'a while'}${card.staleReason ? `: ${card.staleReason}` : ''}`));
    article.append(stale);
  }

  const facts = element('dl', { class: 'facts' });
  if (card.since) facts.append(fact(card.status === 'active' ? 'Working since' : 'Since', timeElement(card.since)));
  if (card.lastSync) facts.append(fact('Last sync', timeElement(card.lastSync)));
  if (card.usageStats?.label) facts.append(fact(card.usageStats.label, card.usageStats.value ?? '—'));
  if (card.lastFailure?.consecutiveFailures > 1) facts.append(fact('Failures in a row', String(card.lastFailure.consecutiveFailures)));
  if (facts.children.length > 0) article.append(facts);

  if (pending) {
    const line = element('p', { class: 'pending' });
    line.append(element('span', { class: 'spinner', 'aria-hidden': 'true' }), element('span', {}, pending.label));
    article.append(line);
  }

  const { actions, notes } = rules.actionsFor(card, viewer);
  for (const note of notes) article.append(element('p', { class: 'card-note' }, note));
  if (actions.length > 0) {
    const bar = element('div', { class: 'card-actions' });
    for (const action of actions) {
      const button = element('button', {
        type: 'button',
        class: `button ${action.action === 'disconnect' ? 'button-quiet' : action.action === 'connect' || action.action === 'reconnect' ? 'button-primary' : 'button-secondary'}`,
        'data-action': action.action,
      }, action.label);
      if (action.connectWith) button.dataset.connectWith = action.connectWith;
      button.append(element('span', { class: 'visually-hidden' }, ` ${card.name}`));
      if (pending) button.setAttribute('aria-disabled', 'true');
      bar.append(button);
    }
    article.append(bar);
  }
  return article;
}

function fact(label, value) {
  const row = element('div', { class: 'fact' });
  const definition = element('dd', {});
  definition.append(value);
  row.append(element('dt', {}, label), definition);
  return row;
}

function timeElement(iso) {
  return element('time', { datetime: iso }, formatTime(iso));
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : timeFormat.format(date);
}

const ICONS = Object.freeze({
  active: 'M10 1.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17Zm-1.2 12.1L5 9.8l1.4-1.4 2.4 2.4 4.8-4.8L15 7.4l-6.2 6.2Z',
  error: 'M10 1.2 19 17.8H1L10 1.2Zm-1 6v5h2v-5H9Zm0 6.5v2h2v-2H9Z',
  inactive: 'M10 1.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17Zm0 2a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13ZM6 9v2h8V9H6Z',
  stale: 'M10 1.5a8.5 8.5 0 1 0 0 17 8.5 8.5 0 0 0 0-17ZM9 5h2v5.4l3.3 2-1 1.7L9 11.5V5Z',
});

function statusIcon(tone) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[tone] ?? ICONS.inactive);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

function element(name, attributes, text) {
  const node = document.createElement(name);
  for (const [attribute, value] of Object.entries(attributes)) node.setAttribute(attribute, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function announceChanges(before, after) {
  const changes = rules.statusChanges(before, after).filter((change) => change.before !== null);
  if (changes.length === 0) return;
  const text = changes.length > 3
    ? `${changes.length} integrations changed status.`
    : changes.map(({ card }) => `${card.name}: ${rules.statusPresentation(card.status).label}.${card.reason ? ` ${card.reason}` : ''}`).join(' ');
  announce(text);
}

function announce(text) {
  const announcer = byId('announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = text; }, 50);
}

function setLiveState(name, text) {
  byId('live-state').dataset.state = name;
  byId('live-state-text').textContent = text;
}

// The live regions stay in the page (an aria-live element shown at the moment it changes is often not read);
// only their text and the Dismiss buttons come and go.
function showNotice({ kind, text }) {
  byId('notice').dataset.kind = kind;
  byId('notice-text').textContent = text;
  byId('notice-dismiss').hidden = false;
}

function hideNotice() {
  delete byId('notice').dataset.kind;
  byId('notice-text').textContent = '';
  byId('notice-dismiss').hidden = true;
}

function showError(error) {
  const known = error instanceof ApiError ? error : new ApiError('Something went wrong', 'Try again; reload the page if it persists.', 0);
  byId('errors').dataset.shown = 'true';
  byId('error-title').textContent = known.title;
  byId('error-detail').textContent = known.detail;
  byId('error-dismiss').hidden = false;
}

function hideError() {
  delete byId('errors').dataset.shown;
  byId('error-title').textContent = '';
  byId('error-detail').textContent = '';
  byId('error-dismiss').hidden = true;
}

/** Tells the CRM how tall the page is, so that it can size the iframe. */
function reportHeight() {
  if (!embedded || !state.config) return;
  const height = Math.ceil(document.documentElement.scrollHeight);
  if (height === reportHeight.last) return;
  reportHeight.last = height;
  for (const origin of parentOrigins()) window.parent.postMessage({ type: MESSAGES.height, height }, origin);
}
window.addEventListener('resize', () => reportHeight());

// ---------------------------------------------------------------------------------------------
// Pending actions: shown on the card until the card changes (through the stream or the poll)

function setPending(card, action, label) {
  const key = rules.cardKey(card);
  const previous = state.pending.get(key);
  clearTimeout(previous?.timer);
  const timer = setTimeout(() => clearPending(key), PENDING_LIMIT);
  state.pending.set(key, { action, label, timer, card: previous?.action === action ? previous.card : JSON.stringify(card) });
  announce(label);
  renderCards();
}

function clearPending(key) {
  const pending = state.pending.get(key);
  if (!pending) return;
  clearTimeout(pending.timer);
  state.pending.delete(key);
  renderCards();
}

function settlePending(key, card) {
  const pending = state.pending.get(key);
  if (pending && pending.card !== JSON.stringify(card)) {
    clearTimeout(pending.timer);
    state.pending.delete(key);
  }
}

/** While polling, look again soon after an action rather than in up to 15 s. */
function refreshSoon() {
  if (!state.polling) return;
  setTimeout(loadStatus, 1500);
  setTimeout(loadStatus, 5000);
}

// ---------------------------------------------------------------------------------------------
// Actions

function onCardClick(event) {
  const button = event.target.closest('button[data-action]');
  if (!button || button.getAttribute('aria-disabled') === 'true') return;
  const key = button.closest('article')?.dataset.key;
  const card = state.cards.find((candidate) => rules.cardKey(candidate) === key);
  if (!card) return;
  hideError();
  const opener = { key, action: button.dataset.action };
  switch (button.dataset.action) {
    case 'connect':
    case 'reconnect':
      if (button.dataset.connectWith === 'api-key') openKeyDialog(card, opener);
      else connectWithOAuth(card);
      break;
    case 'disconnect':
      disconnect(card, opener);
      break;
    case 'link-audience':
      openAudienceDialog(card, opener);
      break;
    case 'sync-now':
      syncNow(card);
      break;
    default:
  }
}

/**
 * Connect or reconnect through the provider's consent page, opened in a window of its own so that this page keeps
 * its token (and so that it works inside the CRM's iframe, which providers refuse to be framed in). That window lands
 * on this page with ?outcome=…, hands the outcome back here and closes. Where the window cannot open, this page goes
 * to the provider itself, and shows the outcome when it comes back.
 */
async function connectWithOAuth(card) {
  const who = rules.company(card.provider);
  const popup = window.open('', 'crm-integrations-connect', 'popup=yes,width=560,height=720');
  if (popup) {
    try {
      popup.document.title = `Connecting ${card.name}`;
      popup.document.body.textContent = `Opening ${who}…`;
    } catch {
      // a window of that name already shows another page: it is reused below
    }
  }
  setPending(card, 'connect', `Opening ${who}…`);
  try {
    const { body } = await state.api.call('token', `/connections/${encodeURIComponent(card.provider)}/authorizations`, { method: 'POST' });
    if (!body?.startUrl) throw new ApiError('Could not start connecting', 'token-service gave no address to continue at.', 0);
    if (popup && !popup.closed) {
      popup.location.href = body.startUrl;
      setPending(card, 'connect', `Waiting for you to finish on ${who}'s page, in the window that opened…`);
      watchPopup(popup, card);
    } else if (!embedded) {
      window.location.assign(body.startUrl);
    } else {
      clearPending(rules.cardKey(card));
      showError(new ApiError('The browser blocked the window', `Allow pop-ups for this page, then choose Connect again to continue on ${who}'s page.`, 0));
    }
  } catch (error) {
    popup?.close();
    clearPending(rules.cardKey(card));
    onActionError(error);
  }
}

function watchPopup(popup, card) {
  const key = rules.cardKey(card);
  const timer = setInterval(() => {
    if (!popup.closed) return;
    clearInterval(timer);
    // Closed without telling us (or after): the card says where things stand.
    if (state.pending.get(key)?.action === 'connect') clearPending(key);
    loadStatus();
  }, 1000);
}

function connectFinished(result) {
  showNotice(rules.outcomeMessage(result));
  for (const card of state.cards) {
    const key = rules.cardKey(card);
    if (card.provider === result.provider && state.pending.get(key)?.action === 'connect') {
      if (result.outcome === 'connected' || result.outcome === 'reconnected') setPending(card, 'connect', 'Connected; updating…');
      else clearPending(key);
    }
  }
  loadStatus();
  refreshSoon();
}

async function disconnect(card, opener) {
  const login = await accountLogin(card);
  const confirmation = rules.disconnectConfirmation(card, state.viewer, login);
  const confirmed = await askToConfirm(confirmation, opener);
  if (!confirmed) return;
  setPending(card, 'disconnect', 'Disconnecting…');
  try {
    const { body } = await state.api.call('token', `/connections/${encodeURIComponent(card.connection.id)}`, { method: 'DELETE' });
    showNotice(rules.disconnectedMessage(card, body?.providerRevocation));
    refreshSoon();
  } catch (error) {
    clearPending(rules.cardKey(card));
    onActionError(error);
  }
}

/** The provider account's login, for the confirmation ("alice@example.com's calendar"); null when unknown. */
async function accountLogin(card) {
  if (!card.connection?.id || card.connection.kind === 'api_key') return null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 3000);
  try {
    const { body } = await state.api.call('token', `/connections/${encodeURIComponent(card.connection.id)}`, { signal: controller.signal });
    return typeof body?.account?.login === 'string' ? body.account.login : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

function askToConfirm({ title, text, confirm: label }, opener) {
  const dialog = byId('confirm-dialog');
  byId('confirm-title').textContent = title;
  byId('confirm-text').textContent = text;
  const accept = byId('confirm-accept');
  accept.textContent = label;
  return new Promise((resolve) => {
    const onAccept = () => dialog.close('accept');
    accept.addEventListener('click', onAccept);
    dialog.addEventListener('close', () => {
      accept.removeEventListener('click', onAccept);
      resolve(dialog.returnValue === 'accept');
    }, { once: true });
    openDialog(dialog, opener);
  });
}

async function syncNow(card) {
  setPending(card, 'sync-now', 'Asking for a sync…');
  try {
    const link = await calendarLink(card);
    const answer = await state.api.call('calendar', `/calendar/links/${encodeURIComponent(link.id)}/syncs`, { method: 'POST', json: {} });
    setPending(card, 'sync-now', 'Syncing…');
    showNotice({ kind: 'success', text: answer.status === 202 ? `A sync of ${card.name} has started.` : `A sync of ${card.name} was already running.` });
    refreshSoon();
  } catch (error) {
    clearPending(rules.cardKey(card));
    onActionError(error);
  }
}

/** calendar-service's link for the card's connection (the links are the caller's, or the tenant's for an admin). */
async function calendarLink(card) {
  const size = 200;
  for (let page = 0; page < 50; page += 1) {
    const { body } = await state.api.call('calendar', `/calendar/links?page=${page}&size=${size}`);
    const links = Array.isArray(body) ? body : [];
    const link = links.find((candidate) => candidate.connectionId === card.connection?.id);
    if (link) return link;
    if (links.length < size) break;
  }
  throw new ApiError('Not ready to sync yet', `calendar-service has not set up ${card.name} for this connection yet. Try again in a moment.`, 404);
}

function onActionError(error) {
  if (error?.status === 401) {
    tokenExpired();
    return;
  }
  showError(error);
}

// ----- API keys (Mapbox; Mailchimp by key): tenant admins. The key is sent once and never kept.

let keyCard = null;

function openKeyDialog(card, opener) {
  keyCard = card;
  const kind = rules.API_KEY_PROVIDERS[card.provider];
  byId('key-title').textContent = card.connected ? `A new key for ${card.name}` : `Connect ${card.name}`;
  byId('key-label').textContent = kind.label;
  byId('key-help').textContent = kind.hint;
  byId('key-input').value = '';
  fieldError('key-error', null);
  byId('key-submit').textContent = 'Connect';
  openDialog(byId('key-dialog'), opener);
}

async function submitKey(event) {
  event.preventDefault();
  const card = keyCard;
  const input = byId('key-input');
  const submit = byId('key-submit');
  const key = input.value.trim();
  if (!card || submit.getAttribute('aria-disabled') === 'true') return;
  if (!key) {
    fieldError('key-error', `Enter the ${rules.API_KEY_PROVIDERS[card.provider].label}.`);
    input.focus();
    return;
  }
  submit.setAttribute('aria-disabled', 'true');
  submit.textContent = 'Checking the key…';
  try {
    await state.api.call('token', `/connections/${encodeURIComponent(card.provider)}/api-keys`, { method: 'POST', json: { key } });
    input.value = '';
    byId('key-dialog').close('done');
    showNotice({ kind: 'success', text: `${rules.company(card.provider)} accepted the key: ${card.name} is connected.` });
    setPending(card, 'connect', 'Connected; updating…');
    refreshSoon();
  } catch (error) {
    if (error?.status === 401) {
      byId('key-dialog').close('cancel');
      tokenExpired();
      return;
    }
    fieldError('key-error', error instanceof ApiError ? `${error.title}. ${error.detail}` : 'The key could not be sent. Try again.');
    input.focus();
  } finally {
    submit.removeAttribute('aria-disabled');
    submit.textContent = 'Connect';
  }
}

// ----- Mailchimp audiences (tenant admins): the ones linked already, and linking one by its id.

let audienceCard = null;

async function openAudienceDialog(card, opener) {
  audienceCard = card;
  byId('audience-input').value = '';
  fieldError('audience-error', null);
  const list = byId('audience-linked');
  list.replaceChildren(element('p', {}, 'Loading the linked audiences…'));
  openDialog(byId('audience-dialog'), opener);
  try {
    const { body } = await state.api.call('mailchimp', '/mailchimp/audiences');
    renderAudiences(card, Array.isArray(body) ? body : []);
  } catch (error) {
    list.replaceChildren(element('p', { class: 'field-error' },
      error instanceof ApiError ? `${error.title}. ${error.detail}` : 'The linked audiences could not be loaded.'));
  }
}

function renderAudiences(card, audiences) {
  const list = byId('audience-linked');
  if (audiences.length === 0) {
    list.replaceChildren(element('p', {}, 'No audience is linked yet.'));
    return;
  }
  const items = element('ul', { class: 'audience-list' });
  for (const audience of audiences) {
    const through = audience.connectionId === card.connection?.id ? 'through this connection' : 'through another connection';
    const item = element('li', {}, `${audience.name ?? audience.audienceId} (${audience.audienceId}): ${audience.state}, ${through}`);
    if (audience.pausedReason) item.append(element('span', { class: 'help' }, ` — ${audience.pausedReason}`));
    if (audience.connectionId !== card.connection?.id) {
      const move = element('button', { type: 'button', class: 'button button-secondary button-small' }, 'Link through this connection');
      move.append(element('span', { class: 'visually-hidden' }, ` (${audience.name ?? audience.audienceId})`));
      move.addEventListener('click', () => linkAudience(audience.audienceId));
      item.append(' ', move);
    }
    items.append(item);
  }
  list.replaceChildren(element('h3', { class: 'audience-heading' }, 'Linked audiences'), items);
}

function submitAudience(event) {
  event.preventDefault();
  const value = byId('audience-input').value.trim();
  if (!/^[a-z0-9]{10}$/.test(value)) {
    fieldError('audience-error', 'An audience ID is 10 lower-case letters or digits.');
    byId('audience-input').focus();
    return;
  }
  linkAudience(value);
}

async function linkAudience(audienceId) {
  const card = audienceCard;
  const submit = byId('audience-submit');
  if (!card || submit.getAttribute('aria-disabled') === 'true') return;
  submit.setAttribute('aria-disabled', 'true');
  submit.textContent = 'Linking…';
  fieldError('audience-error', null);
  try {
    const answer = await state.api.call('mailchimp', `/mailchimp/audiences/${encodeURIComponent(audienceId)}/link`,
      { method: 'PUT', json: { connectionId: card.connection.id } });
    const name = answer.body?.name ?? audienceId;
    byId('audience-dialog').close('done');
    showNotice({ kind: 'success', text: answer.status === 201
      ? `${name} is linked; its members are being imported.`
      : `${name} was linked already; it now goes through this connection.` });
    refreshSoon();
  } catch (error) {
    if (error?.status === 401) {
      byId('audience-dialog').close('cancel');
      tokenExpired();
      return;
    }
    fieldError('audience-error', error instanceof ApiError ? `${error.title}. ${error.detail}` : 'The audience could not be linked.');
  } finally {
    submit.removeAttribute('aria-disabled');
    submit.textContent = 'Link';
  }
}

/** A form's error ("key-error" for "key-input"): an alert region, always in the dialog; the field is marked invalid. */
function fieldError(id, text) {
  byId(id).textContent = text ?? '';
  const input = byId(id.replace(/-error$/, '-input'));
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

// ----- Dialogs: modal (the page behind is inert, Tab stays inside), Escape closes, focus goes back.

function openDialog(dialog, opener) {
  dialog.returnTo = opener;
  if (!dialog.open) dialog.showModal();
}

function returnFocus(dialog) {
  const { key, action } = dialog.returnTo ?? {};
  const article = [...byId('cards').children].find((element) => element.dataset.key === key);
  const target = article?.querySelector(`[data-action="${action}"]`) ?? article ?? byId('main');
  target.focus();
}
