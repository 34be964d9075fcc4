/**
 * A small CodeMirror stream mode for Nginx files: comments, the directive that starts each statement, strings,
 * variables, numbers and sizes. (The legacy-modes one carries a list of every directive name: 2.8 KB gzipped on
 * the playground's route for the same colours.)
 */
import type { StreamParser } from '@codemirror/language';

export const nginxMode: StreamParser<{ statementStart: boolean }> = {
  name: 'nginx',
  startState: () => ({ statementStart: true }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    const ch = stream.peek();
    if (ch === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      stream.next();
      state.statementStart = true;
      return null;
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) {
      state.statementStart = false;
      return 'string';
    }
    if (state.statementStart && stream.match(/^[\w.-]+/)) {
      state.statementStart = false;
      return 'keyword';
    }
    if (stream.match(/^\$\{?\w+\}?/)) return 'variableName';
    if (stream.match(/^\d+(\.\d+){3}(:\d+)?(\/\d+)?/) || stream.match(/^\d+[kmgsdhwy]?\b/i)) return 'number';
    stream.match(/^[^\s;{}#"'$]+/) || stream.next();
    return null;
  },
};
