// What the template form and the delete modal remember in private_metadata: which template they are about
// (null: a new one), and the list modal underneath, refreshed once they are done.

export interface TemplateModalMetadata {
  templateId: string | null;
  listViewId: string | null;
}

export function encodeTemplateMetadata(metadata: TemplateModalMetadata): string {
  return JSON.stringify(metadata);
}

/** Null for anything Herald did not write (the payload is Slack's, but a forger could send anything). */
export function decodeTemplateMetadata(text: string | undefined): TemplateModalMetadata | null {
  try {
    const value = JSON.parse(text ?? '') as { templateId?: unknown; listViewId?: unknown };
    const templateId = value.templateId;
    const listViewId = value.listViewId;
    if (templateId !== null && typeof templateId !== 'string') return null;
    if (listViewId !== null && typeof listViewId !== 'string') return null;
    return { templateId, listViewId };
  } catch {
    return null;
  }
}
