/** A small CodeMirror stream mode for the SQL this course uses (the legacy SQL mode is 36 KB of keyword tables). */
import type { StreamParser } from '@codemirror/language';

const KEYWORDS = new Set(
  'select insert into update delete from where set values create drop alter user database table grant revoke on to identified by with option all privileges replication slave replica client change master source start stop reset show status flush tables read lock unlock global session if not exists use and or null true false'.split(
    ' ',
  ),
);

export const sqlMode: StreamParser<unknown> = {
  name: 'sql',
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match('--') || stream.match('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^'(?:[^'\\]|\\.)*'?/) || stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^`[^`]*`?/))
      return 'string';
    if (stream.match(/^\d+(\.\d+)?/)) return 'number';
    const w = stream.match(/^[A-Za-z_@][\w@.]*/) as RegExpMatchArray | null;
    if (w) return KEYWORDS.has(w[0].toLowerCase()) ? 'keyword' : /^[A-Z_]+$/.test(w[0]) ? 'propertyName' : null;
    stream.next();
    return null;
  },
};
