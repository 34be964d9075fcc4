/** A small CodeMirror stream mode for HAProxy (and keepalived-like) files: sections, keywords, comments, values. */
import type { StreamParser } from '@codemirror/language';

const SECTIONS =
  /^(global|defaults|frontend|backend|listen|userlist|peers|resolvers|cache|program|http-errors|ring|mailers)\b/;

export const haproxyMode: StreamParser<{ lineStart: boolean }> = {
  name: 'haproxy',
  startState: () => ({ lineStart: true }),
  token(stream, state) {
    if (stream.sol()) state.lineStart = true;
    if (stream.eatSpace()) return null;
    if (stream.peek() === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.column() === 0 && stream.match(SECTIONS)) {
      state.lineStart = false;
      return 'heading';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'[^']*'?/)) return 'string';
    if (state.lineStart && stream.match(/^[\w.-]+/)) {
      state.lineStart = false;
      return 'keyword';
    }
    if (stream.match(/^\d+(\.\d+){3}(:\d+)?/) || stream.match(/^\d+[a-z]*\b/i)) return 'number';
    stream.match(/^[^\s#]+/) || stream.next();
    return null;
  },
};
