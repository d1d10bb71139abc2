import { isFinalStatus } from '../statuses.js';
import type { Finding } from './finding.js';

// The change an update makes, read as a reader of the status page will: an incident closed above a red
// component, a status that goes back, a severe update nobody is told about, the same words again, or words
// that say nothing.

export interface StatusRef {
  id: string;
  label: string;
}

export interface PublicTextChange {
  /** The status the incident or maintenance is at before this update (Herald's last publish to it), if known. */
  statusBefore: StatusRef | null;
  /** The status this update sets. */
  statusAfter: StatusRef | null;
  /** Components the page will still show with a problem after this update. */
  componentsStillImpacted: readonly { name: string; impactLabel: string }[];
  notifySubscribers: boolean;
  severity: StatusRef | null;
}

const normalise = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** Each lifecycle in order; a status that is in neither (a provider's own) is never called backwards. */
const STAGES: readonly (readonly string[])[] = [
  ['investigating', 'identified', 'monitoring', 'resolved'],
  ['scheduled', 'in progress', 'verifying', 'completed'],
];

function stageOf(status: StatusRef): { lifecycle: number; step: number } | null {
  for (const [lifecycle, steps] of STAGES.entries()) {
    for (const text of [status.id, status.label]) {
      const step = steps.indexOf(normalise(text));
      if (step >= 0) return { lifecycle, step };
    }
  }
  return null;
}

export function findResolvingWhileImpacted(change: PublicTextChange): Finding[] {
  const { statusAfter, componentsStillImpacted: impacted } = change;
  if (!statusAfter || !isFinalStatus(statusAfter) || impacted.length === 0) return [];
  const listed = impacted
    .slice(0, 5)
    .map((c) => `${c.name} (${c.impactLabel})`)
    .join(', ');
  const more = impacted.length > 5 ? ` and ${impacted.length - 5} more` : '';
  return [
    {
      kind: 'resolving-while-impacted',
      field: 'components',
      summary: `You are closing this as “${statusAfter.label}” while ${impacted.length === 1 ? '1 component still shows' : `${impacted.length} components still show`} a problem: ${listed}${more}.`,
      why: 'The page would say the problem is over above a component that says it is not. Set them to operational, or publish anyway if they really are still affected.',
      blocking: false,
    },
  ];
}

export function findStatusBackwards(change: PublicTextChange): Finding[] {
  const { statusBefore, statusAfter } = change;
  if (!statusBefore || !statusAfter) return [];
  const before = stageOf(statusBefore);
  const after = stageOf(statusAfter);
  if (!before || !after || before.lifecycle !== after.lifecycle || after.step >= before.step) return [];
  return [
    {
      kind: 'status-backwards',
      field: 'status',
      summary: `The status goes back from “${statusBefore.label}” to “${statusAfter.label}”.`,
      why: 'Customers read a step back as the problem getting worse again. If it has, say so in the message; if not, keep the status where it was.',
      blocking: false,
    },
  ];
}

const SEVERE = /\b(major|critical)\b/;

export function findNotifyOffWhenSevere(change: PublicTextChange): Finding[] {
  const { severity, notifySubscribers } = change;
  if (notifySubscribers || !severity || ![severity.id, severity.label].some((text) => SEVERE.test(normalise(text)))) return [];
  return [
    {
      kind: 'notify-off-when-severe',
      field: 'notify',
      summary: `Subscribers will not be notified of this “${severity.label}” update.`,
      why: 'The people most affected by a major or critical incident are the ones who subscribed to hear about it: they would only learn of it by opening the page.',
      blocking: false,
    },
  ];
}

/** The same words, whatever the spacing and case. */
const sameWords = (a: string, b: string) => normalise(a).replace(/\s+/g, ' ') === normalise(b).replace(/\s+/g, ' ');

export function findSameAsLastUpdate(message: string, previousText: string | null): Finding[] {
  if (previousText === null || message.trim() === '' || !sameWords(message, previousText)) return [];
  return [
    {
      kind: 'same-as-last-update',
      field: 'message',
      summary: 'The message is the same as the last update’s.',
      why: 'A repeated update reads as if nothing is being done. Say what changed since, or what you are doing now, even if it is “still investigating, next update in 30 minutes”.',
      blocking: false,
    },
  ];
}

export function findTooShort(message: string): Finding[] {
  const words = message.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length > 1) return [];
  return [
    {
      kind: 'too-short',
      field: 'message',
      summary: words.length === 0 ? 'The message is empty.' : `The message is one word: “${words[0]!.slice(0, 40)}”.`,
      why: 'Customers need to know what is affected, what you are doing and when they will hear more: one word tells them none of it.',
      blocking: false,
    },
  ];
}
