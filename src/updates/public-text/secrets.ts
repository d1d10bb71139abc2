import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';
import type { Finding, PublicTextPiece } from './finding.js';

// Token and key shapes, from secretlint's recommended preset (AWS, GCP, GitHub, Slack, Stripe, private keys,
// database URLs with passwords, …), so the list follows the services as they change their formats. The
// preset's rules are plain matchers over a text: each is run here directly and synchronously, with a context
// that keeps only which rule fired and where. The rules' own messages quote the secret, so they are never used.
// A secret found is named by its kind and at most its last 4 characters, never quoted: not in the form, the
// logs, the audit trail or any message.

interface RuleContext {
  report(descriptor: { range?: readonly [number, number] }): void;
  ignore(descriptor: unknown): void;
  createTranslator(messages: unknown): (...args: unknown[]) => string;
}

interface Rule {
  meta: { id: string; type?: string; supportedContentTypes?: readonly string[] };
  create(context: RuleContext, options: Record<string, unknown>): { file?: (source: unknown) => unknown };
}

export interface Hit {
  kind: string;
  start: number;
  end: number;
}

/** The preset's text scanners; its comment filter (which only silences findings under a "secretlint-disable" comment) is left out. */
const SCANNERS = (recommendedRules as unknown as Rule[]).filter(
  (rule) =>
    typeof rule?.create === 'function' &&
    rule.meta?.type === 'scanner' &&
    (rule.meta.supportedContentTypes ?? ['text']).some((type) => type === 'text' || type === 'all'),
);

/** "@secretlint/secretlint-rule-github" -> "GitHub token": what the user is told they pasted. */
const KIND_NAMES: Record<string, string> = {
  aws: 'AWS key',
  gcp: 'Google Cloud key',
  npm: 'npm token',
  slack: 'Slack token or webhook',
  basicauth: 'password in a URL',
  openai: 'OpenAI key',
  anthropic: 'Anthropic key',
  groq: 'Groq key',
  huggingface: 'Hugging Face token',
  linear: 'Linear key',
  notion: 'Notion token',
  privatekey: 'private key',
  sendgrid: 'SendGrid key',
  shopify: 'Shopify token',
  stripe: 'Stripe key',
  github: 'GitHub token',
  gitlab: 'GitLab token',
  grafana: 'Grafana token',
  '1password': '1Password token',
  'database-connection-string': 'database connection string with a password',
  'hashicorp-vault': 'HashiCorp Vault token',
  vercel: 'Vercel token',
  databricks: 'Databricks token',
  docker: 'Docker token',
  figma: 'Figma token',
  cloudflare: 'Cloudflare token',
  tailscale: 'Tailscale key',
};

function kindName(ruleId: string): string {
  const short = ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
  return KIND_NAMES[short] ?? `${short} secret`;
}

/** Where each scanner finds a secret in `text`. A scanner that fails is skipped: the others still run. */
export function secretsIn(text: string): Hit[] {
  const hits: Hit[] = [];
  const source = { filePath: 'public-text.txt', ext: '.txt', contentType: 'text', content: text };
  for (const rule of SCANNERS) {
    const context: RuleContext = {
      report: ({ range }) => {
        const [start, end] = range ?? [0, 0];
        hits.push({ kind: kindName(rule.meta.id), start, end: Math.max(start, end) });
      },
      ignore: () => {},
      createTranslator: () => () => '',
    };
    try {
      const result = rule.create(context, {}).file?.(source);
      // A scanner that works asynchronously (binary key files) has nothing to say about a text: its promise is dropped.
      if (result instanceof Promise) result.catch(() => {});
    } catch {
      // One scanner's bug must not stop the check.
    }
  }
  return hits;
}

/** At most the last 4 characters of a secret, and only when it is long enough that they give nothing away. */
function lastFour(secret: string): string {
  const trimmed = secret.trim();
  return trimmed.length >= 16 ? `, ending in “${trimmed.slice(-4)}”` : '';
}

/** `found`: each piece's secrets, when the caller has looked already (the scanners are the check's dearest part). */
export function findSecrets(pieces: readonly PublicTextPiece[], found?: readonly (readonly Hit[])[]): Finding[] {
  return pieces.flatMap(({ field, text }, index) => {
    const hits = found?.[index] ?? secretsIn(text);
    if (hits.length === 0) return [];
    const named = [...new Set(hits.map((hit) => `a ${hit.kind}${lastFour(text.slice(hit.start, hit.end))}`))];
    return [
      {
        kind: 'secret' as const,
        field,
        summary: `What looks like ${named.slice(0, 3).join('; ')}${named.length > 3 ? `; and ${named.length - 3} more` : ''}.`,
        why: 'Anything published goes to every subscriber by email and SMS and cannot be taken back: a secret there is leaked for good. Remove it (and rotate it if it was real); this cannot be published anyway.',
        blocking: true,
      },
    ];
  });
}
