/**
 * The playground's whole state (lab + files) in the URL hash, compressed with the browser's own
 * CompressionStream('deflate-raw') (no dependency) and written as base64url: `#s=<...>`. A link restores the
 * same files in any browser.
 */
export interface SharedState {
  lab: string;
  files: Record<string, string>;
  active?: string;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function encodeState(state: SharedState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The state in a hash (`#s=...`), or undefined when there is none or it does not decode. */
export async function decodeState(hash: string): Promise<SharedState | undefined> {
  const m = /(?:^#|&)s=([A-Za-z0-9_-]+)/.exec(hash);
  if (!m) return undefined;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(m[1]!), new DecompressionStream('deflate-raw')));
    const v = JSON.parse(json) as SharedState;
    if (typeof v.lab !== 'string' || typeof v.files !== 'object' || v.files === null) return undefined;
    for (const [k, t] of Object.entries(v.files)) if (typeof t !== 'string' || k.length > 300) return undefined;
    return v;
  } catch {
    return undefined;
  }
}
