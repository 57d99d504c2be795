import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDuration,
  formatRange,
  formatRegistered,
  formatTime,
  inputDate,
  parseDate,
  parseDuration,
  parseTime,
  snap,
} from './format';

describe('French formats', () => {
  it('writes dates the French way, with "1er"', () => {
    expect(formatDate('2025-07-01', 'fr')).toBe('mardi 1er juillet 2025');
    expect(formatDate('2022-12-09', 'fr')).toBe('vendredi 9 décembre 2022');
    expect(formatDate('2016-02-29', 'fr')).toBe('lundi 29 février 2016');
  });
  it('writes times as 9h30 and 9h', () => {
    expect(formatTime('09:30', 'fr')).toBe('9h30');
    expect(formatTime('2022-12-09T09:00', 'fr')).toBe('9h');
    expect(formatTime(14 * 60 + 5, 'fr')).toBe('14h05');
    expect(formatRange('14:45', '16:15', 'fr')).toBe('14h45–16h15');
  });
});

describe('English formats', () => {
  it('writes dates and times the English way', () => {
    expect(formatDate('2025-07-01', 'en')).toBe('Tuesday 1 July 2025');
    expect(formatTime('09:00', 'en')).toBe('9:00');
    expect(formatRange('14:45', '16:15', 'en')).toBe('14:45–16:15');
  });
});

describe('reading what people type', () => {
  it.each([
    ['9h30', 570],
    ['9h', 540],
    ['09:30', 570],
    ['9:05', 545],
    ['14 h 45', 885],
    ['1430', 870],
    ['24h', 1440],
  ])('time %s', (text, minutes) => {
    expect(parseTime(text)).toBe(minutes);
  });
  it.each(['', 'midi', '25h', '9h75', '24h30', '9h3'])('refuses time %j', (text) => {
    expect(parseTime(text)).toBeNull();
  });
  it('reads dates in French order or ISO, and refuses impossible ones', () => {
    expect(parseDate('1/7/2025')).toBe('2025-07-01');
    expect(parseDate('09.12.2022')).toBe('2022-12-09');
    expect(parseDate('2022-12-09')).toBe('2022-12-09');
    expect(parseDate('31/02/2025')).toBeNull();
    expect(parseDate('demain')).toBeNull();
    expect(inputDate('2022-12-09')).toBe('09/12/2022');
  });
  it('snaps to 5 minutes', () => {
    expect(snap(572)).toBe(570);
    expect(snap(573)).toBe(575);
  });
  it.each([
    ['10', 10],
    ['10 min', 10],
    ['10mn', 10],
    ["45'", 45],
    ['1h', 60],
    ['1h30', 90],
    ['1 h 30', 90],
    ['1:05', 65],
    ['90', 90],
  ])('duration %s', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });
  it.each(['', '0', 'dix', '1h75', '-5', '25h'])('refuses duration %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
  it('writes durations back in a form it reads', () => {
    for (const m of [5, 10, 59, 60, 90, 125]) expect(parseDuration(formatDuration(m))).toBe(m);
    expect(formatDuration(90)).toBe('1h30');
    expect(formatDuration(10)).toBe('10 min');
  });
});

describe('registration dates', () => {
  it('reads as a date and a time, the day alone when there is no time', () => {
    expect(formatRegistered('2025-06-03T14:02:00', 'fr')).toBe('3 juin 2025 à 14h02');
    expect(formatRegistered('2025-07-01T09:00:00', 'fr')).toBe('1er juillet 2025 à 9h');
    expect(formatRegistered('2025-06-03', 'fr')).toBe('3 juin 2025');
    expect(formatRegistered('2025-06-03T14:02:00', 'en')).toBe('3 June 2025, 14:02');
  });
});
