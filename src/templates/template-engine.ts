import { Liquid, type LiquidOptions } from 'liquidjs';
import { formatInZone, NextUpdate } from './template-variables.js';

// Two Liquid engines over the same filters. The strict one checks a template when it is saved: an unknown
// filter, an undefined variable or property, a time zone nobody knows, each fails with its line. The lenient
// one renders at publish time, where nothing may fail: unknown names print nothing. Both are bounded, since a
// template is text a person typed, and neither reads files (`include` and `render` find no template).

const LIMITS: LiquidOptions = {
  /** Characters of template source parsed at most (a body is at most 3,000; the margin is for titles and tests). */
  parseLimit: 20_000,
  /**
   * Milliseconds of rendering at most, whatever the template loops over. Wall-clock time: on a busy machine a
   * render of a few milliseconds can wait that long for its core, so the bound leaves room for it (100 ms refused
   * an ordinary template once in a loaded test run).
   */
  renderLimit: 250,
  /** Roughly, the size of what a render may build: loops over huge ranges and long string repeats stop. */
  memoryLimit: 1_000_000,
};

export class UnknownTimeZoneError extends Error {}

function createEngine(strict: boolean): Liquid {
  const engine = new Liquid({
    ...LIMITS,
    strictFilters: strict,
    strictVariables: strict,
    // `incident.constructor` and the like are not variables.
    ownPropertyOnly: true,
    // No file system: a template is one text, stored in the database.
    templates: {},
    cache: false,
  });
  engine.registerFilter('in_zone', (value: unknown, zone: unknown) => {
    if (!(value instanceof NextUpdate)) {
      if (strict) throw new Error('in_zone applies to next_update only');
      return value;
    }
    const shown = typeof zone === 'string' ? formatInZone(value.at, zone) : undefined;
    if (shown !== undefined) return shown;
    if (strict) throw new UnknownTimeZoneError(`unknown time zone ${JSON.stringify(String(zone))} (use a name like "Europe/Paris")`);
    return value.absolute;
  });
  return engine;
}

export const strictEngine = createEngine(true);
export const lenientEngine = createEngine(false);

// The first time formatted in a time zone loads ICU's zone data: 15 to 25 ms with Node's binary in the page cache,
// close to half a second from a cold disk (a fresh container, a fresh install). Inside the first render that uses
// `in_zone` that would pass renderLimit, and the preview would refuse the template ("render limit exceeded") or the
// publish fall back to its text without markup. Paid here instead, once, as Herald starts.
formatInZone(new Date(0), 'America/New_York');

/** Filters Herald adds to Liquid's own. */
export const HERALD_FILTERS = ['in_zone'] as const;
