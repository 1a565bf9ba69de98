// A Server-Sent Events parser for streams read with fetch(): a browser's EventSource cannot send an
// Authorization header. It follows the WHATWG "event stream interpretation" rules: lines end with CRLF,
// LF or CR (a CR at the end of one chunk and an LF at the start of the next are one line end), a line
// starting with ':' is a comment, "field: value" loses one space after the colon, several data lines
// join with LF, an empty line dispatches, an event without data is not dispatched, the last event id
// carries over to later events, a leading byte order mark is dropped, and what is left unfinished when
// the stream ends is discarded.

export class SseParser {
  #buffer = '';
  #started = false;
  #skipLineFeed = false;
  #eventType = '';
  #data = [];
  #idBuffer;

  /**
   * @param {object} handlers
   * @param {(event: {type: string, data: string, id: string}) => void} handlers.onEvent each dispatched event
   * @param {(text: string) => void} [handlers.onComment] each comment line (heartbeats), without the ':'
   * @param {(millis: number) => void} [handlers.onRetry] a valid "retry:" field
   * @param {string} [lastEventId] the id the stream resumes from, kept until the stream sends another
   */
  constructor({ onEvent, onComment = () => {}, onRetry = () => {} }, lastEventId = '') {
    this.onEvent = onEvent;
    this.onComment = onComment;
    this.onRetry = onRetry;
    this.#idBuffer = lastEventId;
    this.lastEventId = lastEventId;
  }

  /** Feeds decoded text, in chunks of any size. */
  push(text) {
    let chunk = text;
    if (!this.#started && chunk.length > 0) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.#skipLineFeed && chunk.length > 0) {
      this.#skipLineFeed = false;
      if (chunk[0] === '\n') chunk = chunk.slice(1);
    }
    const buffer = this.#buffer + chunk;
    let position = 0;
    for (;;) {
      const cr = buffer.indexOf('\r', position);
      const lf = buffer.indexOf('\n', position);
      if (cr === -1 && lf === -1) break;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        this.#line(buffer.slice(position, lf));
        position = lf + 1;
      } else {
        this.#line(buffer.slice(position, cr));
        if (cr + 1 < buffer.length) {
          position = buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
        } else {
          position = cr + 1;
          this.#skipLineFeed = true; // the LF of a CRLF may come with the next chunk
        }
      }
    }
    this.#buffer = buffer.slice(position);
  }

  /** The stream ended: an unfinished line or event is dropped, as a browser's EventSource drops it. */
  end() {
    this.#buffer = '';
    this.#data = [];
    this.#eventType = '';
    this.#skipLineFeed = false;
  }

  #line(line) {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line[0] === ':') {
      this.onComment(line.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    switch (field) {
      case 'event':
        this.#eventType = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#idBuffer = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.onRetry(Number(value));
        break;
      default: // unknown fields are ignored
    }
  }

  #dispatch() {
    this.lastEventId = this.#idBuffer;
    if (this.#data.length === 0) {
      this.#eventType = '';
      return;
    }
    const event = { type: this.#eventType || 'message', data: this.#data.join('\n'), id: this.lastEventId };
    this.#data = [];
    this.#eventType = '';
    this.onEvent(event);
  }
}
