/**
 * PostgreSQL text and jsonb cannot hold U+0000 (storage/text.ts). Text that would reach the database with it
 * is refused at the edge, naming the field, instead of failing inside a statement.
 */

const NUL = '\u0000';

/** The name of the first form field or JSON member holding U+0000, if any. Unparseable bodies pass (the
 * handler answers them). `json: false` leaves JSON bodies alone (protocol messages answer with an Erro). */
export async function unstorableField(
  contentType: string,
  body: Uint8Array<ArrayBuffer>,
  options: { json: boolean },
): Promise<string | undefined> {
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(new TextDecoder().decode(body))) {
      if (name.includes(NUL) || value.includes(NUL)) return printable(name);
    }
    return undefined;
  }
  if (media === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return undefined;
    }
    for (const [name, value] of form) {
      const text = typeof value === 'string' ? value : value.name;
      if (name.includes(NUL) || text.includes(NUL)) return printable(name);
    }
    return undefined;
  }
  if (options.json && (media === 'application/json' || media.endsWith('+json'))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      return undefined;
    }
    return nulIn(parsed, '');
  }
  return undefined;
}

/** The JSON path of the first string (value or key) holding U+0000. */
export function nulIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulIn(item, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = path ? `${path}.${printable(key)}` : printable(key);
      if (key.includes(NUL)) return here;
      const found = nulIn(item, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function printable(name: string): string {
  return name.replaceAll(NUL, '') || '(unnamed)';
}
