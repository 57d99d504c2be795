import { describe, expect, it } from 'vitest';
import type { Recipient, SendReport, SendStatus } from './bindings';
import { canResume, countByStatus, crossesQuarter, defaultPort } from './notify';

const person = (id: number): Recipient => ({
  key: `attendee:${id}`,
  person: 'attendee',
  id,
  name: `P${id}`,
  email: `p${id}@example.org`,
});

function report(...statuses: SendStatus[]): SendReport {
  return {
    batch: 'changes:1:abc',
    outcomes: statuses.map((status, i) => ({ recipient: person(i), status, reason: null })),
    stopped: null,
  };
}

describe('notify', () => {
  it('counts a report by status', () => {
    expect(countByStatus(report('sent', 'sent', 'failed', 'no_email'))).toEqual({
      sent: 2,
      already_sent: 0,
      failed: 1,
      not_sent: 0,
      no_email: 1,
    });
  });

  it('offers to resume only when messages are left', () => {
    expect(canResume(report('sent', 'already_sent', 'no_email'))).toBe(false);
    expect(canResume(report('sent', 'failed'))).toBe(true);
    expect(canResume(report('sent', 'not_sent'))).toBe(true);
    expect(canResume(null)).toBe(false);
  });

  it('announces progress at each quarter and at the end', () => {
    const said = [];
    let before = 0;
    for (let done = 1; done <= 10; done++) {
      if (crossesQuarter(before, done, 10)) said.push(done);
      before = done;
    }
    expect(said).toEqual([3, 5, 8, 10]);
    expect(crossesQuarter(0, 1, 1)).toBe(true);
    expect(crossesQuarter(2, 2, 10)).toBe(false);
  });

  it('knows the usual ports', () => {
    expect([defaultPort('starttls'), defaultPort('tls'), defaultPort('plain')]).toEqual([587, 465, 25]);
  });
});
