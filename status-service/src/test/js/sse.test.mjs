import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PAGE } from './page.mjs';

const { SseParser } = await import(new URL('sse.js', PAGE));

function parse(chunks, lastEventId = '') {
  const events = [];
  const comments = [];
  const retries = [];
  const parser = new SseParser({
    onEvent: (event) => events.push(event),
    onComment: (text) => comments.push(text),
    onRetry: (millis) => retries.push(millis),
  }, lastEventId);
  for (const chunk of chunks) parser.push(chunk);
  return { events, comments, retries, parser };
}

test('reads named events with their ids and data', () => {
  // When
  const { events, parser } = parse(['event: snapshot\nid: 7\ndata: {"a":1}\n\nevent: integration\nid: 8\ndata: {"b":2}\n\n']);
  // Then
  assert.deepEqual(events, [
    { type: 'snapshot', data: '{"a":1}', id: '7' },
    { type: 'integration', data: '{"b":2}', id: '8' },
  ]);
  assert.equal(parser.lastEventId, '8');
});

test('joins events split anywhere across chunks, even inside a field name', () => {
  // Given
  const text = 'event: integration\nid: 12\ndata: {"id":"mapbox"}\n\n';
  // When
  const { events } = parse([...text]);
  // Then
  assert.deepEqual(events, [{ type: 'integration', data: '{"id":"mapbox"}', id: '12' }]);
});

test('takes CRLF, CR and LF as line ends, also a CRLF split between two chunks', () => {
  // When
  const { events } = parse(['event: a\r\ndata: 1\r', '\n\r', '\nevent: b\rdata: 2\r\r', 'data: 3\n\n']);
  // Then
  assert.deepEqual(events.map((event) => [event.type, event.data]), [['a', '1'], ['b', '2'], ['message', '3']]);
});

test('passes comments on and never dispatches them', () => {
  // When
  const { events, comments } = parse([': heartbeat\n\n:another\n\n']);
  // Then
  assert.deepEqual(events, []);
  assert.deepEqual(comments, ['heartbeat', 'another']);
});

test('joins multi-line data with line feeds and keeps a second space', () => {
  // When
  const { events } = parse(['data: first\ndata:  second\ndata\ndata:\n\n']);
  // Then
  assert.equal(events[0].data, 'first\n second\n\n');
});

test('does not dispatch an event without data, but keeps its id', () => {
  // When
  const { events, parser } = parse(['id: 3\nevent: nothing\n\ndata: x\n\n']);
  // Then
  assert.deepEqual(events, [{ type: 'message', data: 'x', id: '3' }]);
  assert.equal(parser.lastEventId, '3');
});

test('resumes with the id it was given until the stream names another', () => {
  // When
  const { events } = parse(['data: x\n\nid: 41\ndata: y\n\n'], '40');
  // Then
  assert.deepEqual(events.map((event) => event.id), ['40', '41']);
});

test('ignores an id holding NUL, unknown fields and a retry that is not a number; passes a valid retry on', () => {
  // When
  const { events, retries } = parse(['id: 5\n\nid: 6\0\nfoo: bar\nretry: soon\nretry: 3000\ndata: z\n\n']);
  // Then
  assert.deepEqual(events, [{ type: 'message', data: 'z', id: '5' }]);
  assert.deepEqual(retries, [3000]);
});

test('drops a byte order mark at the start of the stream only', () => {
  // When
  const { events } = parse(['\uFEFFdata: a\n\n', '\uFEFFdata: b\n\n']);
  // Then
  assert.deepEqual(events.map((event) => event.data), ['a']);
});

test('drops an unfinished event when the stream ends', () => {
  // Given
  const { events, parser } = parse(['data: complete\n\ndata: cut off\n']);
  // When
  parser.end();
  parser.push('\n');
  // Then
  assert.deepEqual(events.map((event) => event.data), ['complete']);
});

test('reads an expired event', () => {
  // When
  const { events } = parse(['event: expired\ndata: {"reason":"token expired"}\n\n']);
  // Then
  assert.deepEqual(events, [{ type: 'expired', data: '{"reason":"token expired"}', id: '' }]);
});
