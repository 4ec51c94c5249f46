/**
 * One copy of each repeated text among a report's results. A large estate's results repeat few
 * texts (the 5 MB bench estate: 75,605 results, 435 distinct messages, 413 distinct facts), but
 * each result made or decoded its own strings and its own list of facts: 255 bytes of a result's
 * 741 bytes of heap. Results never change their facts, so equal lists can be one list.
 */
export interface SharedText {
  /** The first copy seen of a text equal to `text`. */
  text(text: string): string;
  /** The first list seen equal to `facts`, element by element. */
  facts(facts: string[]): string[];
}

/**
 * Remembers at most `limit` texts and as many lists: past that it starts again, so a scan whose
 * texts never repeat (say, facts naming each resource's own ARN) holds no more than the bound.
 */
export function createSharedText(limit = 50_000): SharedText {
  let texts = new Map<string, string>();
  // Lists by their one text (most results have one fact) or by their texts joined.
  let lists = new Map<string, string[]>();
  const none: string[] = [];
  const text = (value: string): string => {
    const known = texts.get(value);
    if (known !== undefined) return known;
    if (texts.size >= limit) texts = new Map();
    texts.set(value, value);
    return value;
  };
  return {
    text,
    facts(facts) {
      if (facts.length === 0) return none;
      const key = facts.length === 1 ? text(facts[0]!) : facts.join('\0');
      const known = lists.get(key);
      // A fact may hold a NUL (from a string in the code): ["a\0b"] and ["a", "b"] share a key,
      // so a list found is compared element by element before it stands in for this one.
      if (known !== undefined && sameTexts(known, facts)) return known;
      const list = facts.map(text);
      if (known === undefined) {
        if (lists.size >= limit) lists = new Map();
        lists.set(key, list);
      }
      return list;
    },
  };
}

function sameTexts(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
