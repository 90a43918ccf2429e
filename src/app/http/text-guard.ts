/**
 * PostgreSQL text and jsonb cannot hold U+0000 (storage/text.ts). Form fields that would reach the database
 * with it are refused at the edge, naming the field, instead of failing inside a statement. JSON bodies are
 * checked by their own surface: the issuer API's schemas (api/schemas.ts) and the protocol's field rules.
 */

const NUL = '\u0000';

/** The name of the first form field holding U+0000, if any. Unparseable forms pass (the handler answers). */
export async function unstorableField(contentType: string, body: Uint8Array<ArrayBuffer>): Promise<string | undefined> {
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
  }
  return undefined;
}

/** The path of the first string (value or key) holding U+0000 in parsed JSON; iterative, so depth is no risk. */
export function nulIn(value: unknown, root: string): string | undefined {
  const pending: [unknown, string][] = [[value, root]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (item.includes(NUL)) return path;
    } else if (Array.isArray(item)) {
      for (const [i, child] of item.entries()) pending.push([child, `${path}[${i}]`]);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes(NUL)) return `${path}.${printable(key)}`;
        pending.push([child, `${path}.${key}`]);
      }
    }
  }
  return undefined;
}

function printable(name: string): string {
  return name.replaceAll(NUL, '') || '(unnamed)';
}
