/**
 * OpenSSL 3.0's names, from the generated data (openssl30.generated.ts, made by scripts/gen-openssl-data.sh
 * from the real `openssl`): which cipher, alias, ciphersuite and group names exist, and the set of TLS 1.2
 * ciphers a cipher string enables (OpenSSL's rules: `NAME` adds, `-NAME` removes, `!NAME` removes for good,
 * `+NAME` only reorders, `A+B` is the ciphers in both, `@STRENGTH`/`@SECLEVEL=n` are directives; unknown
 * names are skipped silently, which is why a cut-off list still loads).
 */
import {
  OPENSSL_ALIASES,
  OPENSSL_CIPHERS,
  OPENSSL_CIPHERSUITES,
  OPENSSL_GROUPS,
  OPENSSL_GROUPS_ABSENT,
  type OpensslCipher,
} from './openssl30.generated';

const byName = new Map(OPENSSL_CIPHERS.map((c, i) => [c.name, i]));

/** The ciphers one name (a cipher or an alias) matches, or undefined when OpenSSL does not know the name. */
function matches(name: string): readonly number[] | undefined {
  const i = byName.get(name);
  if (i !== undefined) return [i];
  return OPENSSL_ALIASES[name];
}

/** The elements of a cipher string (OpenSSL splits on `:`, `,` and spaces). */
export function cipherElements(list: string): string[] {
  return list.split(/[:, ]+/).filter(Boolean);
}

export interface CipherEval {
  ciphers: OpensslCipher[];
  /** Names OpenSSL does not know (skipped silently by it). */
  unknown: string[];
}

export function evalCipherString(list: string): CipherEval {
  const active = new Set<number>();
  const killed = new Set<number>();
  const unknown: string[] = [];
  for (let el of cipherElements(list)) {
    if (el.startsWith('@')) continue;
    let op = '';
    if ('!-+'.includes(el[0]!)) {
      op = el[0]!;
      el = el.slice(1);
    }
    let set: Set<number> | undefined;
    for (const part of el.split('+')) {
      const m = matches(part);
      if (!m) {
        unknown.push(part);
        set = new Set();
        continue;
      }
      set = set ? new Set(m.filter((x) => set!.has(x))) : new Set(m);
    }
    for (const x of set ?? []) {
      if (op === '') {
        if (!killed.has(x)) active.add(x);
      } else if (op === '-') active.delete(x);
      else if (op === '!') {
        active.delete(x);
        killed.add(x);
      }
    }
  }
  return { ciphers: [...active].sort((a, b) => a - b).map((i) => OPENSSL_CIPHERS[i]!), unknown };
}

/** Names of a cipher string OpenSSL does not know, each with the known cipher it is the start of, if any. */
export function unknownCiphers(list: string): Array<{ name: string; cut?: string }> {
  return evalCipherString(list).unknown.map((name) => {
    const stem = name.replace(/>$/, '');
    const cut = stem.length >= 4 ? OPENSSL_CIPHERS.find((c) => c.name.startsWith(stem))?.name : undefined;
    return cut ? { name, cut } : { name };
  });
}

export function knownCiphersuite(name: string): boolean {
  return OPENSSL_CIPHERSUITES.includes(name);
}

/** Group names are matched as OpenSSL 3.0 does: exactly, except X25519/X448 in any case [verified: `-groups x25519`]. */
export function knownGroup(name: string): boolean {
  return OPENSSL_GROUPS.includes(name) || /^x(25519|448)$/i.test(name);
}

export function postQuantumGroup(name: string): boolean {
  return /mlkem|kyber/i.test(name) || OPENSSL_GROUPS_ABSENT.some((g) => g === name && /mlkem|kyber/i.test(g));
}

/** A pre-shared-key suite: never negotiated by a server that configures no PSK (HAProxy does not). */
export function pskCipher(c: OpensslCipher): boolean {
  return /PSK|SRP/.test(c.kx);
}

/**
 * Forward secret (ECDHE/DHE key exchange), certificate-authenticated and AEAD: what Mozilla's intermediate
 * allows (DSS suites too: only a DSA certificate could use them, never an RSA or ECDSA one).
 */
export function strongCipher(c: OpensslCipher): boolean {
  return (c.kx === 'ECDH' || c.kx === 'DH') && c.au !== 'None' && c.mac === 'AEAD';
}

/** Why a cipher is weak, in a few words. */
export function weakness(c: OpensslCipher): string {
  const why: string[] = [];
  if (c.au === 'None') why.push('no authentication');
  else if (c.kx !== 'ECDH' && c.kx !== 'DH') why.push('no forward secrecy');
  if (c.mac !== 'AEAD') why.push(c.enc === 'None' ? 'no encryption' : 'not AEAD');
  if (why.length === 0) why.push(`${c.au} authentication`);
  return why.join(', ');
}
