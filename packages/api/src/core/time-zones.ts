import { IANAZone } from 'luxon';

// Checking a zone name means building an Intl.DateTimeFormat (~100 µs), and V8 keeps the ICU
// memory of every one built: 200,000 checks hold over 1 GB after a full GC. So each name is
// checked once. Validity does not depend on letter case (ECMA-402), so known names are keyed
// in lower case: at most the ~600 names of the zone database. Unknown names (hostile input)
// are remembered in a bounded set of their own, so they cannot evict the real ones.
const known = new Set<string>();
const unknown = new Set<string>();
const MAX_UNKNOWN = 1_000;

/** True when the runtime knows `name` as an IANA zone (any letter case). */
export function isKnownTimeZone(name: string): boolean {
  const key = name.toLowerCase();
  if (known.has(key)) return true;
  if (unknown.has(key)) return false;
  const valid = IANAZone.isValidZone(name);
  if (valid) known.add(key);
  else {
    if (unknown.size >= MAX_UNKNOWN) unknown.clear();
    unknown.add(key);
  }
  return valid;
}

/**
 * luxon's zone for `name`; throws RangeError for an unknown one. luxon keeps one zone (and its
 * formatter) per name and tests validity once, when it first makes it.
 */
export function zoneOrThrow(name: string): IANAZone {
  if (!isKnownTimeZone(name)) throw new RangeError(`Unknown timezone: ${name}`);
  return IANAZone.create(name);
}
