/**
 * Which topics a live stream follows, from `--topics`:
 *
 * - absent: every topic whose name does not begin with `_` (Kafka's `__consumer_offsets`, …);
 * - `a,b,c`: those names, each of which must exist when the server starts;
 * - entries with `*` (any run of characters) or `?` (one character), e.g. `orders-*,payments`:
 *   globs over the whole name, matching topics that exist now or appear later;
 * - `/regex/` (the whole value, no commas split it): a JavaScript regular expression that must
 *   match the whole name, e.g. `/(orders|payments)-.+/`.
 *
 * A pattern never matches a name beginning with `_` unless the pattern itself begins with `_`.
 */
export interface TopicSelector {
  /** names that must exist (no pattern characters), in the order given */
  readonly names: readonly string[];
  /** whether the stream follows `topic` */
  matches(topic: string): boolean;
  /** true when topics created later may match (a pattern, or no `--topics`) */
  readonly open: boolean;
  /** the selector as a person wrote it */
  readonly text: string;
}

/** Every topic not beginning with `_`: the default. */
export const ALL_TOPICS: TopicSelector = {
  names: [],
  matches: (topic) => !topic.startsWith('_'),
  open: true,
  text: 'every topic not beginning with _',
};

/** Exactly the topics `names` (none at all when empty). */
export function namedTopics(names: readonly string[]): TopicSelector {
  const exact = new Set(names);
  return {
    names: [...exact],
    matches: (topic) => exact.has(topic),
    open: false,
    text: [...exact].join(','),
  };
}

/** Parses `--topics`; throws naming the option, the entry and the reason. */
export function parseTopicSelector(text: string, option = '--topics'): TopicSelector {
  const value = text.trim();
  if (value.length >= 2 && value.startsWith('/') && value.endsWith('/')) {
    const body = value.slice(1, -1);
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${body})$`);
    } catch (err) {
      throw new Error(
        `invalid ${option}: ${JSON.stringify(text)} (not a regular expression: ${(err as Error).message})`,
        { cause: err },
      );
    }
    const hidden = body.startsWith('_') || body.startsWith('^_');
    return {
      names: [],
      matches: (topic) => re.test(topic) && (hidden || !topic.startsWith('_')),
      open: true,
      text: value,
    };
  }
  const entries = [
    ...new Set(
      value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ),
  ];
  if (entries.length === 0) {
    throw new Error(
      `invalid ${option}: ${JSON.stringify(text)} (expected topic names a,b,…, globs orders-*, or /regex/)`,
    );
  }
  const names = entries.filter((e) => !/[*?]/.test(e));
  const globs = entries.filter((e) => /[*?]/.test(e)).map(globRegExp);
  const exact = new Set(names);
  return {
    names,
    matches: (topic) =>
      exact.has(topic) ||
      globs.some(({ re, hidden }) => re.test(topic) && (hidden || !topic.startsWith('_'))),
    open: globs.length > 0,
    text: value,
  };
}

function globRegExp(glob: string): { re: RegExp; hidden: boolean } {
  const body = [...glob]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { re: new RegExp(`^${body}$`), hidden: glob.startsWith('_') };
}

/** The topics of `all` the selector follows: its named ones first (as given), then the rest sorted. */
export function selectTopics(selector: TopicSelector, all: readonly string[]): string[] {
  const named = new Set(selector.names);
  const rest = all.filter((t) => !named.has(t) && selector.matches(t)).sort();
  return [...selector.names, ...rest];
}
