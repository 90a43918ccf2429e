import fc from 'fast-check';

/** One random change to an AReq: a member deleted, replaced or inserted, or the text cut short. */
export interface AReqMutation {
  kind: 'delete' | 'replace' | 'insert' | 'truncate';
  pick: number;
  key: string;
  value: unknown;
}

export const areqMutation: fc.Arbitrary<AReqMutation> = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'insert', 'truncate'),
  pick: fc.nat(),
  key: fc.oneof(
    fc.constantFrom(
      'acctNumber',
      'messageVersion',
      'messageType',
      'deviceChannel',
      'messageCategory',
      'browserInfo',
      'messageExtension',
    ),
    fc.string(),
  ),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', null, '\u0000', 'x'.repeat(3000), '01', [], {})),
});

export const areqMutations = fc.array(areqMutation, { minLength: 1, maxLength: 4 });

/** The mutated message and the text to send (cut short by a `truncate`). */
export function mutateAReq(
  base: Record<string, unknown>,
  mutations: readonly AReqMutation[],
): { message: Record<string, unknown>; text: string } {
  const message: Record<string, unknown> = structuredClone(base);
  let text: string | undefined;
  for (const m of mutations) {
    const keys = Object.keys(message);
    const existing = keys[m.pick % keys.length]!;
    if (m.kind === 'delete') delete message[existing];
    else if (m.kind === 'replace') message[existing] = m.value;
    else if (m.kind === 'insert') message[m.key] = m.value;
    else text = JSON.stringify(message).slice(0, m.pick % 2000);
  }
  return { message, text: text ?? JSON.stringify(message) };
}
