import { strFromU8, unzipSync } from 'fflate';
import { decodeEntities } from '../html-entities';

/** One content document of an EPUB, in reading order. */
export interface EpubItem {
  /** Path inside the archive. */
  path: string;
  html: string;
}

export class EpubError extends Error {}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? decodeEntities(m[2] ?? m[3]) : undefined;
}

function tags(xml: string, name: string): string[] {
  return xml.match(new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>`, 'gi')) ?? [];
}

/** Resolves `href` against the folder of `base` (both archive paths), dropping any `#fragment`. */
function resolve(base: string, href: string): string {
  const parts = base.split('/').slice(0, -1);
  for (const seg of decodeURIComponent(href.split('#')[0]).split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/**
 * Reads an EPUB's content documents in spine order (container.xml → package document → spine). Items that
 * are not (X)HTML are skipped; a missing container, package or spine item is an EpubError.
 */
export function readEpub(bytes: Uint8Array): EpubItem[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new EpubError(`not a readable zip archive (${(e as Error).message})`);
  }
  const text = (path: string): string => {
    const data = files[path];
    if (!data) throw new EpubError(`the archive has no ${path}`);
    return strFromU8(data);
  };
  const rootfile = tags(text('META-INF/container.xml'), 'rootfile')[0];
  const opfPath = rootfile ? attribute(rootfile, 'full-path') : undefined;
  if (!opfPath) throw new EpubError('META-INF/container.xml names no package document');
  const opf = text(opfPath);
  const manifest = new Map<string, { href: string; type: string }>();
  for (const item of tags(opf, 'item')) {
    const id = attribute(item, 'id');
    const href = attribute(item, 'href');
    if (id && href)
      manifest.set(id, { href: resolve(opfPath, href), type: attribute(item, 'media-type') ?? '' });
  }
  const items: EpubItem[] = [];
  for (const ref of tags(opf, 'itemref')) {
    const entry = manifest.get(attribute(ref, 'idref') ?? '');
    if (!entry) throw new EpubError(`the spine names an item the package does not list`);
    if (!/html/i.test(entry.type) && !/\.x?html?$/i.test(entry.href)) continue;
    items.push({ path: entry.href, html: text(entry.href) });
  }
  if (items.length === 0) throw new EpubError('the spine holds no content documents');
  return items;
}
