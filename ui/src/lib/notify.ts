// What the Notify dialog computes from the backend's answers: counts of a
// sending report, whether it can be resumed, and the progress said aloud
// at a few steps rather than at every message.

import type { SendReport, SendStatus, SmtpSettings } from './bindings';

/** How many outcomes of a report have each status. */
export function countByStatus(report: SendReport): Record<SendStatus, number> {
  const counts: Record<SendStatus, number> = { sent: 0, already_sent: 0, failed: 0, not_sent: 0, no_email: 0 };
  for (const o of report.outcomes) counts[o.status] += 1;
  return counts;
}

/** Whether some messages are left to send (after a refusal or a stop). */
export function canResume(report: SendReport | null | undefined): boolean {
  if (!report) return false;
  const c = countByStatus(report);
  return c.failed + c.not_sent > 0;
}

/**
 * Whether progress from `before` to `after` messages out of `total` crosses
 * a quarter (or reaches the end): the moments worth announcing.
 */
export function crossesQuarter(before: number, after: number, total: number): boolean {
  if (total <= 0 || after <= before) return false;
  const quarter = (n: number) => Math.floor((n * 4) / total);
  return quarter(after) > quarter(before);
}

/** The usual port of each kind of security. */
export function defaultPort(security: SmtpSettings['security']): number {
  return security === 'tls' ? 465 : security === 'plain' ? 25 : 587;
}
