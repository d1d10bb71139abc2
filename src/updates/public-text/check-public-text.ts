import { findLongCodeBlocks, findStackTraces } from './code-and-traces.js';
import type { Finding, PublicTextPiece } from './finding.js';
import { findInternalAddresses, findInternalHostnames, findInternalPatterns } from './internal-details.js';
import { findSecrets, type Hit, secretsIn } from './secrets.js';
import { findSlackSyntax } from './slack-syntax.js';
import {
  findNotifyOffWhenSevere,
  findResolvingWhileImpacted,
  findSameAsLastUpdate,
  findStatusBackwards,
  findTooShort,
  type PublicTextChange,
} from './the-change.js';

export type { Finding, FindingField, FindingKind } from './finding.js';
export type { PublicTextChange, StatusRef } from './the-change.js';

// The check before publishing: reads the public text (message and title) and the change it makes, and says what
// a careful communicator would catch. A pure function of what the form holds, so the update form and the create
// form share it; it never throws, whatever it is given, and a detector that fails is skipped, not fatal.

export interface PublicTextCheckInput {
  /** A new incident's or maintenance's title, when the form has one. */
  title?: string | null;
  message: string;
  change: PublicTextChange;
  /** The text of the previous update to the same incident, if known. */
  previousText: string | null;
}

export interface PublicTextCheckOptions {
  /** The operator's own patterns of internal names (HERALD_INTERNAL_PATTERNS). */
  internalPatterns?: readonly RegExp[];
}

/** More than a message can hold (3,000 characters) with room to spare: what lies beyond is not read. */
const READ_AT_MOST = 20_000;

const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, READ_AT_MOST) : '');

export function checkPublicText(input: PublicTextCheckInput, options: PublicTextCheckOptions = {}): Finding[] {
  const message = text(input?.message);
  const title = text(input?.title);
  const change: PublicTextChange = {
    statusBefore: input?.change?.statusBefore ?? null,
    statusAfter: input?.change?.statusAfter ?? null,
    componentsStillImpacted: Array.isArray(input?.change?.componentsStillImpacted) ? input.change.componentsStillImpacted : [],
    notifySubscribers: input?.change?.notifySubscribers !== false,
    severity: input?.change?.severity ?? null,
  };
  const previousText = typeof input?.previousText === 'string' ? input.previousText : null;
  const pieces: PublicTextPiece[] = [
    ...(title.trim() !== '' ? [{ field: 'title' as const, text: title }] : []),
    { field: 'message', text: message },
  ];
  const patterns = Array.isArray(options.internalPatterns) ? options.internalPatterns : [];
  // Looked for once: both the secret finding and the scrubbing of every other finding's quotes need them.
  const secrets: Hit[][] = pieces.map(({ text: piece }) => safely(() => secretsIn(piece)));

  const detectors: (() => Finding[])[] = [
    () => findSecrets(pieces, secrets),
    () => findSlackSyntax(pieces),
    () => findInternalAddresses(pieces),
    () => findInternalHostnames(pieces),
    () => findInternalPatterns(pieces, patterns),
    () => findStackTraces(pieces),
    () => findLongCodeBlocks(pieces),
    () => findResolvingWhileImpacted(change),
    () => findStatusBackwards(change),
    () => findNotifyOffWhenSevere(change),
    () => findSameAsLastUpdate(message, previousText),
    () => findTooShort(message),
  ];
  const findings = detectors.flatMap((detect) => {
    try {
      return detect();
    } catch {
      return [];
    }
  });
  return withoutSecrets(findings, pieces, secrets);
}

/** A finding that quotes the text (an operator's broad pattern, say) must not quote a secret inside it either. */
function withoutSecrets(findings: Finding[], pieces: readonly PublicTextPiece[], hits: readonly (readonly Hit[])[]): Finding[] {
  const secrets = pieces.flatMap(({ text: piece }, index) =>
    (hits[index] ?? []).map((hit) => piece.slice(hit.start, hit.end)).filter((secret) => secret.length >= 4),
  );
  if (secrets.length === 0) return findings;
  return findings.map((finding) => ({
    ...finding,
    summary: secrets.reduce((summary, secret) => summary.split(secret).join('[secret]'), finding.summary),
  }));
}

function safely<T>(run: () => T[]): T[] {
  try {
    return run();
  } catch {
    return [];
  }
}

/** Whether anything found stops the publish even with "Publish anyway" ticked. */
export function hasBlockingFinding(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.blocking);
}
