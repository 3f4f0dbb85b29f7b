import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TriggerWords } from '../../scanner/classify/trigger-words.ts';

// The finders only run their slow patterns when TriggerWords says a family's word occurs; if it ever missed a word,
// a finding would silently stop firing. So it must agree exactly with a naive substring search.
const alphabet = fc.constantFrom('a', 'b', 'c', '.', ' ', 'é');
const asciiWord = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.', ' '), minLength: 1, maxLength: 4 });
const text = fc.string({ unit: alphabet, maxLength: 40 });

function naiveScan(families: string[][], value: string): number {
  let bits = 0;
  families.forEach((words, i) => {
    if (words.some((word) => value.includes(word))) bits |= 1 << i;
  });
  return bits;
}

describe('TriggerWords', () => {
  it('finds exactly the families a naive substring search finds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(asciiWord, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(text, { maxLength: 20 }),
        (families, texts) => {
          const triggers = new TriggerWords(families);
          for (const value of texts) expect(triggers.scan(value)).toBe(naiveScan(families, value));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects non-ASCII words and more than 30 families', () => {
    expect(() => new TriggerWords([['naïve']])).toThrow(RangeError);
    expect(() => new TriggerWords(Array.from({ length: 31 }, () => ['a']))).toThrow(RangeError);
  });
});
