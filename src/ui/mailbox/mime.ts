// Reads a stored message's MIME structure with postal-mime: text and HTML parts, attachments, and the inline
// images that cid: URLs point at. Never rejects: broken input gives { ok: false } and the view shows raw text.
import PostalMime from 'postal-mime';
import { base64Size, contentIdKey, imageDataUrl } from './frame.ts';
import { decodeHeader } from './message.ts';

export interface AttachmentInfo {
  name: string | null;
  mimeType: string;
  size: number;
  inline: boolean;
  contentId: string | null;
  /** The part as text, for the machine-readable parts of reports (delivery-status, headers); else null. */
  text: string | null;
}

/** Parts worth showing as text where they are listed: what a delivery report is made of. */
const SHOWN_AS_TEXT = /^(message\/(delivery-status|global-delivery-status)|text\/rfc822-headers)$/i;
const MAX_SHOWN_TEXT = 20_000;

function textOf(base64: string): string {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes).slice(0, MAX_SHOWN_TEXT);
  } catch {
    return '';
  }
}

export interface ParsedMime {
  ok: true;
  subject: string;
  from: string;
  to: string;
  cc: string;
  date: string;
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** Content-ID key (see contentIdKey) -> data: URL, for image parts only. */
  images: Map<string, string>;
}

export type MimeResult = ParsedMime | { ok: false; error: string };

/** Nesting deeper than any real mail; postal-mime rejects beyond it instead of recursing without end. */
const MAX_NESTING = 64;

export async function parseMime(raw: string): Promise<MimeResult> {
  try {
    const email = await PostalMime.parse(raw, { attachmentEncoding: 'base64', maxNestingDepth: MAX_NESTING });
    const header = (key: string) => decodeHeader(email.headers.find((h) => h.key === key)?.value ?? '');
    const images = new Map<string, string>();
    const attachments = email.attachments.map((a) => {
      const base64 = typeof a.content === 'string' ? a.content : '';
      const url = a.contentId ? imageDataUrl(a.mimeType, base64) : null;
      if (a.contentId && url) images.set(contentIdKey(a.contentId), url);
      return {
        name: a.filename,
        mimeType: a.mimeType,
        size: base64Size(base64),
        inline: a.disposition === 'inline' || a.related === true,
        contentId: a.contentId ?? null,
        text: SHOWN_AS_TEXT.test(a.mimeType) ? textOf(base64) : null,
      };
    });
    return {
      ok: true,
      subject: email.subject ?? '',
      from: header('from'),
      to: header('to'),
      cc: header('cc'),
      date: header('date'),
      text: email.text ?? null,
      html: email.html ?? null,
      attachments,
      images,
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
