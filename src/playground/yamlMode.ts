/** A small CodeMirror stream mode for answers.yaml and inventory.yaml: comments, keys, strings, scalars. */
import type { StreamParser } from '@codemirror/language';

export const yamlMode: StreamParser<object> = {
  name: 'yaml',
  startState: () => ({}),
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.peek() === '#' && (stream.pos === 0 || /\s/.test(stream.string.charAt(stream.pos - 1)))) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^']|'')*'?/)) return 'string';
    if (stream.match(/^-(?=\s|$)/)) return null;
    if (stream.match(/^[^\s#:'"][^#:]*?(?=:(\s|$))/)) return 'propertyName';
    if (stream.match(/^(true|false|yes|no|null|~)(?=\s*(#|$))/i)) return 'atom';
    if (stream.match(/^-?\d+(\.\d+)?(?=\s*(#|$))/)) return 'number';
    if (!stream.match(/^[^\s#]+/)) stream.next();
    return null;
  },
};
