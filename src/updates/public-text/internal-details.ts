import ipaddr from 'ipaddr.js';
import { type Finding, type PublicTextPiece, quoteExamples } from './finding.js';

// Internal addresses and names tell an attacker how the company's network is laid out, and mean nothing to a
// customer. Which ranges are private is ipaddr.js's to say (RFC 1918, loopback, link-local, unique local, …),
// not a list kept here.

/** Every range ipaddr.js names that is not reachable on the public internet. */
const INTERNAL_RANGES = new Set([
  'private',
  'loopback',
  'linkLocal',
  'uniqueLocal',
  'carrierGradeNat',
  'unspecified',
  'ipv4Mapped', // judged by the IPv4 address it maps, below
]);

/** Dotted IPv4, and IPv6 written with colons (at least two groups and a colon pair or seven colons), optionally with a zone. */
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%[\w.]{1,20})?(?![\w:])/gi;

export const INTERNAL_SUFFIXES = ['internal', 'local', 'corp', 'lan', 'intranet', 'home.arpa', 'localhost'] as const;
const HOSTNAME = new RegExp(
  String.raw`(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}(?:${INTERNAL_SUFFIXES.map((s) => s.replace('.', '\\.')).join('|')})(?![\w-]|\.[a-z0-9])`,
  'gi',
);

function isInternalAddress(text: string): boolean {
  const bare = text.replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return false;
  let address = ipaddr.parse(bare);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  return INTERNAL_RANGES.has(address.range());
}

export function findInternalAddresses(pieces: readonly PublicTextPiece[]): Finding[] {
  return pieces.flatMap(({ field, text }) => {
    const found = [...text.matchAll(IPV4), ...text.matchAll(IPV6)].map((match) => match[0]).filter(isInternalAddress);
    if (found.length === 0) return [];
    return [
      {
        kind: 'internal-address' as const,
        field,
        summary: `Private or loopback IP addresses: ${quoteExamples(found)}.`,
        why: 'An internal address means nothing to customers and tells anyone reading the page how the network is laid out. Name the service instead.',
        blocking: false,
      },
    ];
  });
}

export function findInternalHostnames(pieces: readonly PublicTextPiece[]): Finding[] {
  return pieces.flatMap(({ field, text }) => {
    const found = [...text.matchAll(HOSTNAME)].map((match) => match[0]);
    if (found.length === 0) return [];
    return [
      {
        kind: 'internal-hostname' as const,
        field,
        summary: `Internal host names: ${quoteExamples(found)}.`,
        why: 'Host names under internal suffixes (.internal, .local, .corp, .lan, .intranet, .home.arpa) are the company’s own: customers cannot reach them, and they map the network for anyone reading. Name the service instead.',
        blocking: false,
      },
    ];
  });
}

/** The operator's own patterns (HERALD_INTERNAL_PATTERNS): project code names, cluster names, ticket numbers. */
export function findInternalPatterns(pieces: readonly PublicTextPiece[], patterns: readonly RegExp[]): Finding[] {
  if (patterns.length === 0) return [];
  return pieces.flatMap(({ field, text }) => {
    const found = patterns.flatMap((pattern) => {
      const match = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).exec(text);
      return match && match[0] !== '' ? [match[0]] : [];
    });
    if (found.length === 0) return [];
    return [
      {
        kind: 'internal-pattern' as const,
        field,
        summary: `Internal names this workspace asked Herald to catch: ${quoteExamples(found)}.`,
        why: 'Your operators listed these as internal (HERALD_INTERNAL_PATTERNS): they are not meant for customers.',
        blocking: false,
      },
    ];
  });
}
