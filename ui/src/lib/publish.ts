// What the Publish dialog says of a publication, in the interface's language.

import type { PublishReport, ResourceAction } from './bindings';
import { t, type MessageKey } from './i18n/index.svelte';

/** "1 élément" / "3 éléments": `prefix.one` or `prefix.other`. */
export function count(prefix: string, n: number): string {
  return t(`${prefix}.${n === 1 ? 'one' : 'other'}` as MessageKey, { n });
}

/** "1 mis à jour, 13 inchangés.": what each resource became, in the order
 * created, updated, cancelled, removed, then what was left as it was. */
export function publishSummary(r: PublishReport): string {
  const actions: ResourceAction[] = ['created', 'updated', 'cancelled', 'removed'];
  const parts = actions
    .map((a) => [a, r.sent.filter((s) => s.action === a).length] as const)
    .filter(([, n]) => n > 0)
    .map(([a, n]) => count(`publish.sent.${a}`, n));
  if (r.unchanged) parts.push(count('publish.unchanged', Number(r.unchanged)));
  if (!parts.length) parts.push(t('publish.nothing'));
  const text = parts.join(', ') + '.';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const REASONS = ['changed_on_server', 'unauthorized', 'refused', 'unreachable'];

/** Why the server did not take one item, from the core's reason. */
export function publishFailure(reason: string, title: string, status: number | null | undefined): string {
  const key = REASONS.includes(reason) ? `publish.reason.${reason}` : 'publish.reason.refused';
  return t(key as MessageKey, { title, status: status ?? '—' });
}
