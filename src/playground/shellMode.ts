/**
 * A small CodeMirror stream mode for provisioning scripts: comments, strings (over several lines too), variables,
 * control keywords, numbers, and here-documents (their text, often a whole config file, as one string up to the
 * delimiter line). The legacy-modes one is twice the size for a list of command names.
 */
import type { StringStream, StreamParser } from '@codemirror/language';

interface ShellState {
  /** The quote of a string still open at the end of the previous line. */
  quote: string | null;
  /** Inside a here-document: its delimiter. */
  heredoc: string | null;
  /** A here-document opened on this line (it starts on the next one). */
  pending: string | null;
  /** `<<-`: the delimiter line may be indented with tabs. */
  strip: boolean;
}

const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'in',
  'function',
  'select',
  'return',
  'exit',
  'export',
  'local',
  'readonly',
  'set',
  'unset',
]);

function inString(stream: StringStream, state: ShellState): string {
  let escaped = false;
  for (let ch = stream.next(); ch != null; ch = stream.next()) {
    if (ch === state.quote && !escaped) {
      state.quote = null;
      break;
    }
    escaped = state.quote === '"' && !escaped && ch === '\\';
  }
  return 'string';
}

function startHeredoc(state: ShellState): void {
  if (state.pending === null) return;
  state.heredoc = state.pending;
  state.pending = null;
}

export const shellMode: StreamParser<ShellState> = {
  name: 'shell',
  startState: () => ({ quote: null, heredoc: null, pending: null, strip: false }),
  blankLine: startHeredoc,
  token(stream, state) {
    if (stream.sol()) startHeredoc(state);
    if (state.heredoc !== null) {
      const line = state.strip ? stream.string.replace(/^\t+/, '') : stream.string;
      stream.skipToEnd();
      if (line === state.heredoc) {
        state.heredoc = null;
        return 'keyword';
      }
      return 'string';
    }
    if (state.quote) return inString(stream, state);
    if (stream.eatSpace()) return null;
    const ch = stream.next()!;
    if (ch === '#' && (stream.start === 0 || /\s/.test(stream.string.charAt(stream.start - 1)))) {
      stream.skipToEnd();
      return 'comment';
    }
    if (ch === "'" || ch === '"') {
      state.quote = ch;
      return inString(stream, state);
    }
    if (ch === '$') return stream.match(/^\{[^}]*\}?/) || stream.match(/^(\w+|[@#?$!*-])/) ? 'variableName' : null;
    if (ch === '<') {
      const m = stream.match(/^<(-?)\s*(?:'([^']*)'|"([^"]*)"|\\?([A-Za-z_][\w-]*))/) as RegExpMatchArray | null;
      if (m) {
        state.pending = m[2] ?? m[3] ?? m[4] ?? '';
        state.strip = m[1] === '-';
        return 'operator';
      }
      return null;
    }
    if (/[\w.-]/.test(ch)) {
      stream.eatWhile(/[\w.-]/);
      const word = stream.current();
      if (KEYWORDS.has(word)) return 'keyword';
      if (word === 'true' || word === 'false') return 'atom';
      return /^\d+$/.test(word) ? 'number' : null;
    }
    return null;
  },
};
