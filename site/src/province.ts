import { type Province, parseProvince, type RetentionPolicy } from '../../functions/shared/province';
import type { Lang } from './i18n';

/**
 * The province the pages name, read at build time (pages' front matter only: never a page script)
 * from its config file, so that no page types a province's name. TUQUAN_SITE_PROVINCE picks the file
 * (infra/provinces/<id>.json); without it, the demo province that `npm start` serves.
 */
const FILES = import.meta.glob<{ default: unknown }>('../../infra/provinces/*.json', { eager: true });

function load(): Province {
  const id = process.env.TUQUAN_SITE_PROVINCE || 'quang-ninh';
  const key = `../../infra/provinces/${id}.json`;
  const file = FILES[key];
  if (!file) {
    const known = Object.keys(FILES).map((k) => k.replace(/^.*\/|\.json$/g, ''));
    throw new Error(`TUQUAN_SITE_PROVINCE: no province "${id}" (known: ${known.join(', ')})`);
  }
  return parseProvince(file.default, key);
}

const province = load();

export function provinceName(lang: Lang): string {
  return province.name[lang];
}

/** How long the province keeps each kind of personal data, in days (its config's `retention`). */
export function retention(): RetentionPolicy {
  return province.retention;
}
