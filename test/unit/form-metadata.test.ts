import {
  FORM_METADATA_MAX_LENGTH,
  decodeFormMetadata,
  encodeFormMetadata,
  newFormMetadata,
  keepsLinks,
  tryEncodeFormMetadata,
  type FormMetadata,
} from '../../src/slack/update-form/form-metadata.js';
import { LINKED_PAGES_BLOCKS } from '../../src/slack/update-form/blocks/update-form-links.js';
import { buildUpdateForm } from '../../src/slack/update-form/blocks/update-form.js';

const full: FormMetadata = {
  v: 1,
  channelId: 'C0INCIDENT',
  teamId: 'T1',
  responseUrl: 'https://hooks.slack.test/commands/T1/1/abc',
  page: { provider: 'pagerduty', id: 'PSP1', name: 'Acme', url: 'https://status.acme.test' },
  post: { id: 'PINC1', title: 'API errors', kind: 'incident', url: null },
  components: [{ id: 'PC1', name: 'API' }],
  capabilities: { severity: true, nextUpdate: true, reportedAt: false },
  submissionId: 'sub-1',
};

describe('form metadata', () => {
  it('round-trips', () => {
    expect(decodeFormMetadata(encodeFormMetadata(full))).toEqual(full);
    const fresh = newFormMetadata({ channelId: 'C1', teamId: null, responseUrl: null });
    expect(decodeFormMetadata(encodeFormMetadata(fresh))).toEqual(fresh);
  });

  it('drops fields that are not part of it (a PageChoice handed over as the page)', () => {
    const withExtra = { ...full, page: { ...full.page!, providerName: 'PagerDuty' } } as FormMetadata;
    expect(encodeFormMetadata(withExtra)).not.toContain('providerName');
  });

  it('throws a clear error on text that is not JSON', () => {
    expect(() => decodeFormMetadata('{"v":1,')).toThrow(/not valid JSON/);
    expect(() => decodeFormMetadata('')).toThrow(/not valid JSON/);
  });

  it('throws a clear error on JSON of the wrong shape', () => {
    expect(() => decodeFormMetadata(JSON.stringify({ ...full, v: 2 }))).toThrow(/Form metadata is invalid/);
    expect(() => decodeFormMetadata(JSON.stringify({ ...full, page: { provider: 'evil', id: 'x', name: '', url: null } }))).toThrow(
      /Form metadata is invalid/,
    );
    expect(() => decodeFormMetadata('null')).toThrow(/Form metadata is invalid/);
  });

  it('shortens names to fit in 3,000 characters, keeping every id', () => {
    const big: FormMetadata = {
      ...full,
      page: { ...full.page!, name: 'P'.repeat(1000) },
      post: { ...full.post!, title: 'T'.repeat(1000) },
      components: Array.from({ length: 20 }, (_, i) => ({ id: `component-${i}-0000-0000-0000-000000000000`, name: 'N'.repeat(200) })),
    };
    const encoded = encodeFormMetadata(big);
    expect(encoded.length).toBeLessThanOrEqual(FORM_METADATA_MAX_LENGTH);
    const decoded = decodeFormMetadata(encoded);
    expect(decoded.components.map((c) => c.id)).toEqual(big.components.map((c) => c.id));
    expect(decoded.page?.url).toBe(full.page?.url);
    expect(decoded.page?.name.endsWith('…')).toBe(true);
  });

  it('gives up the links before failing, and says so when even that cannot fit', () => {
    const longUrls: FormMetadata = {
      ...full,
      page: { ...full.page!, url: `https://status.acme.test/${'x'.repeat(1500)}` },
      post: { ...full.post!, url: `https://status.acme.test/${'y'.repeat(1500)}` },
    };
    const decoded = decodeFormMetadata(encodeFormMetadata(longUrls));
    expect(decoded.page?.url).toBeNull();
    expect(decoded.post?.id).toBe('PINC1');

    const hopeless = { ...full, components: Array.from({ length: 40 }, (_, i) => ({ id: `${i}-${'z'.repeat(100)}`, name: 'n' })) };
    expect(tryEncodeFormMetadata(hopeless)).toBeNull();
    expect(() => encodeFormMetadata(hopeless)).toThrow(/does not fit/);
  });

  /** Ten linked incidents (Slack's most checkboxes), each with long names and ids of `idLength` characters. */
  const tenLinks = (idLength: number): NonNullable<FormMetadata['links']> =>
    Array.from({ length: 10 }, (_, i) => ({
      provider: 'statuspage' as const,
      pageId: `page-${i}-`.padEnd(idLength, 'p'),
      pageName: `Status page number ${i} `.padEnd(300, 'n'),
      postId: `post-${i}-`.padEnd(idLength, 'q'),
      postKind: 'maintenance' as const,
      postTitle: `Scheduled database maintenance ${i} `.padEnd(300, 't'),
    }));

  it('shortens the names of ten long links and keeps every link', () => {
    const linked: FormMetadata = {
      ...full,
      links: [
        { ...tenLinks(12)[0]!, provider: 'pagerduty', pageId: 'PSP1', postId: 'PINC1', postKind: 'incident' },
        ...tenLinks(12).slice(1),
      ],
    };
    expect(JSON.stringify(linked).length).toBeGreaterThan(FORM_METADATA_MAX_LENGTH);
    const encoded = encodeFormMetadata(linked);
    expect(encoded.length).toBeLessThanOrEqual(FORM_METADATA_MAX_LENGTH);
    expect(keepsLinks(encoded)).toBe(true);
    const decoded = decodeFormMetadata(encoded);
    expect(decoded.links!.map((link) => link.postId)).toEqual(linked.links!.map((link) => link.postId));
    expect(decoded.links![3]!.postTitle.endsWith('…')).toBe(true);
  });

  it('gives up the links, never the form, when even shortened they do not fit', () => {
    const linked: FormMetadata = { ...full, links: tenLinks(140) };
    const encoded = encodeFormMetadata(linked);
    expect(encoded.length).toBeLessThanOrEqual(FORM_METADATA_MAX_LENGTH);
    expect(keepsLinks(encoded)).toBe(false);
    expect(decodeFormMetadata(encoded)).toMatchObject({ page: { id: 'PSP1' }, post: { id: 'PINC1' }, submissionId: 'sub-1' });

    // The form opens, and offers neither "Also publish to" nor "Remember": the next rebuild would not know the links.
    const form = buildUpdateForm({
      metadata: linked,
      pages: { status: 'loading' },
      posts: { status: 'loading' },
      options: null,
      initial: null,
      notice: null,
    });
    expect(keepsLinks(form.private_metadata!)).toBe(false);
    const ids = form.blocks.map((block) => block.block_id);
    expect(ids).not.toContain(LINKED_PAGES_BLOCKS.alsoPublish);
    expect(ids).not.toContain(LINKED_PAGES_BLOCKS.remember);
  });
});
