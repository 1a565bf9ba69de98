// Calls to status-service and its siblings with the user's bearer token. Every failure becomes an
// ApiError with a title and a detail for people: the services answer RFC 9457 problem details
// (application/problem+json); anything else (a proxy's HTML page, no answer at all) gets our own words.
// Never a stack, never a raw body.

export class ApiError extends Error {
  /**
   * @param {string} title what went wrong, in a few words
   * @param {string} detail what happened and, where known, what to do
   * @param {number} status the HTTP status, 0 when nothing answered
   * @param {string|null} type the problem type URI, when the service sent one
   */
  constructor(title, detail, status, type = null) {
    super(title);
    this.name = 'ApiError';
    this.title = title;
    this.detail = detail;
    this.status = status;
    this.type = type;
  }
}

const SERVICE_NAMES = Object.freeze({
  status: 'status-service',
  token: 'token-service',
  calendar: 'calendar-service',
  mailchimp: 'mailchimp-service',
});

/** Reads a failed answer into an ApiError: its problem details when it has them, else our own words. */
export async function problemOf(response, service) {
  const who = SERVICE_NAMES[service] ?? service;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      const body = await response.json();
      if (body && typeof body.title === 'string') {
        const detail = typeof body.detail === 'string' ? body.detail : '';
        return new ApiError(body.title, withRetryAfter(detail, response), response.status, typeof body.type === 'string' ? body.type : null);
      }
    } catch {
      // not JSON after all: fall through to our own words
    }
  }
  const detail = response.status >= 500
    ? `${who} could not answer (HTTP ${response.status}). Try again in a moment.`
    : `${who} refused the request (HTTP ${response.status}).`;
  return new ApiError('The request failed', withRetryAfter(detail, response), response.status);
}

function withRetryAfter(detail, response) {
  const seconds = Number(response.headers.get('Retry-After'));
  if (!Number.isFinite(seconds) || seconds <= 0) return detail;
  return `${detail}${detail ? ' ' : ''}Try again in ${seconds} s.`;
}

/** The error for a call that got no answer at all. */
export function unreachable(service) {
  const who = SERVICE_NAMES[service] ?? service;
  return new ApiError(`Could not reach ${who}`, 'Check the network connection and try again.', 0);
}

/**
 * The services' base URLs and the token. Base URLs come from config.json; an empty one means the page's
 * own origin (behind the ingress). status-service is always the page's own server.
 */
export class Api {
  /**
   * @param {{tokenServiceUrl: string, calendarServiceUrl: string, mailchimpServiceUrl: string}} config
   * @param {() => string|null} token the current bearer token
   * @param {string} pageUrl the page's address (document.baseURI)
   * @param {typeof fetch} fetchImpl
   */
  constructor(config, token, pageUrl, fetchImpl = (...args) => fetch(...args)) {
    const origin = new URL(pageUrl).origin;
    this.bases = {
      token: config.tokenServiceUrl || origin,
      calendar: config.calendarServiceUrl || origin,
      mailchimp: config.mailchimpServiceUrl || origin,
    };
    this.pageUrl = pageUrl;
    this.token = token;
    this.fetch = fetchImpl;
  }

  /** The absolute URL of a path on a service: status paths are relative to the page ("status"), others absolute ("/connections"). */
  url(service, path) {
    return service === 'status' ? new URL(path, this.pageUrl).href : this.bases[service] + path;
  }

  /**
   * One call. Resolves with {status, headers, body} (body: parsed JSON, or null) for 2xx and 304; rejects with an
   * ApiError otherwise.
   */
  async call(service, path, { method = 'GET', json, headers = {}, signal } = {}) {
    const sent = { Accept: 'application/json', ...headers };
    const token = this.token();
    if (token) sent.Authorization = `Bearer ${token}`;
    const init = { method, headers: sent, signal, cache: 'no-store', credentials: 'omit' };
    if (json !== undefined) {
      sent['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    }
    let response;
    try {
      response = await this.fetch(this.url(service, path), init);
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      throw unreachable(service);
    }
    if (response.status === 304) return { status: 304, headers: response.headers, body: null };
    if (!response.ok) throw await problemOf(response, service);
    const type = response.headers.get('Content-Type') ?? '';
    const body = type.includes('json') ? await response.json().catch(() => null) : null;
    return { status: response.status, headers: response.headers, body };
  }
}
