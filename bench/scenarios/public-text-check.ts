import type { Row } from '../report.js';
import { summarise, type LatencySummary } from '../support/stats.js';
import { checkPublicText } from '../../src/updates/public-text/check-public-text.js';
import { formWithFindings } from '../../src/slack/update-form/public-text-findings.js';

// What the check before publishing adds to a view submission, in process: the check itself on a 3,000-character
// message (the form's maximum) written like a real update with a few things to find in it, so every detector
// runs to the end, and the form it answers with. No HTTP and no fakes: their cost is the submissions rows'.

export const PUBLIC_TEXT_CHECK_TARGET_P99_MS = 5;

export interface PublicTextCheckLatency {
  messageLength: number;
  samples: number;
  /** Wall-clock time: what a submit waits, preemption by other processes included. */
  latency: LatencySummary;
  /** CPU time of this process over the same runs: the check's own cost, whatever else the machine is doing. */
  cpu: LatencySummary;
}

const SENTENCES = [
  'We are investigating elevated error rates on the checkout API and some card payments fail.',
  'Retrying the payment usually works; no card is charged twice.',
  'Our engineers traced it to the cache in front of the payment service and are rebuilding it now.',
  'Thanks to <@U024BE7LH> for the quick report from the support desk.',
  'The cache hosts (cache-3.prod.internal, 10.20.30.40) are being replaced one at a time.',
  'We will post the next update within 30 minutes, or sooner if anything changes.',
];

function message(length: number): string {
  let text = '';
  for (let i = 0; text.length < length; i += 1) text += `${SENTENCES[i % SENTENCES.length]} `;
  return text.slice(0, length);
}

export function measurePublicTextCheck(samples: number, messageLength = 3000): PublicTextCheckLatency {
  const text = message(messageLength);
  const input = {
    message: text,
    previousText: message(messageLength - 1),
    change: {
      statusBefore: { id: 'identified', label: 'Identified' },
      statusAfter: { id: 'monitoring', label: 'Monitoring' },
      componentsStillImpacted: [{ name: 'API', impactLabel: 'Partial outage' }],
      notifySubscribers: true,
      severity: { id: 'major', label: 'Major' },
    },
  };
  const view = {
    callback_id: 'update_form',
    title: { type: 'plain_text' as const, text: 'Status update' },
    blocks: [
      {
        type: 'input',
        block_id: 'message',
        label: { type: 'plain_text', text: 'Message' },
        element: { type: 'plain_text_input', action_id: 'message_input', multiline: true },
      },
    ],
    state: { values: { message: { message_input: { type: 'plain_text_input', value: text } } } },
  };
  const run = () => {
    const findings = checkPublicText(input, { internalPatterns: [/PROJ-\d+/i, /k8s-[a-z]+-\d+/i] });
    formWithFindings(view, findings, true);
  };
  for (let i = 0; i < 200; i += 1) run(); // warm up: compiled code, as in a process that has served a while
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    run();
    times.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  return { messageLength, samples, latency: summarise(times), cpu: summarise(cpuTimes) };
}

export function publicTextCheckRows(result: PublicTextCheckLatency): Row[] {
  const { latency, cpu } = result;
  return [
    {
      what: `the check before publishing, ${result.messageLength.toLocaleString('en-US')}-character message, in process, p99`,
      target: `< ${PUBLIC_TEXT_CHECK_TARGET_P99_MS} ms`,
      measured: `${latency.p99.toFixed(2)} ms (p50 ${latency.p50.toFixed(2)} ms, max ${latency.max.toFixed(2)} ms)`,
      met: latency.p99 < PUBLIC_TEXT_CHECK_TARGET_P99_MS,
    },
    {
      what: '  for context: the same, CPU time of the process (what the machine’s other work cannot inflate), p99',
      target: '',
      measured: `${cpu.p99.toFixed(2)} ms (p50 ${cpu.p50.toFixed(2)} ms)`,
      met: null,
    },
  ];
}
