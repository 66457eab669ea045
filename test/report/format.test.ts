import { describe, expect, it } from 'vitest';
import { formatAge, formatChange, formatChangeInterval, formatCount, formatMs, formatPercent, formatPercentInterval, formatRate, formatSeconds, shortSha } from '../../src/report/format.js';

describe('format', () => {
  it('picks µs, ms or s so a latency keeps 2–3 significant digits', () => {
    expect(formatMs(0.85)).toBe('850 µs');
    expect(formatMs(0.0123)).toBe('12 µs');
    expect(formatMs(1.234)).toBe('1.2 ms');
    expect(formatMs(21.4)).toBe('21.4 ms');
    expect(formatMs(118)).toBe('118 ms');
    expect(formatMs(999.6)).toBe('1 s');
    expect(formatMs(0.9996)).toBe('1 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(Number.NaN)).toBe('–');
  });
  it('groups thousands and rounds rates', () => {
    expect(formatCount(9752)).toBe('9,752');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatRate(16.66)).toBe('16.7');
    expect(formatRate(12040.4)).toBe('12,040');
  });
  it('writes percents short, keeping the digits of a shortfall near 100 %', () => {
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.0001)).toBe('0.01 %');
    expect(formatPercent(0.4)).toBe('40 %');
    expect(formatPercent(0.996)).toBe('99.6 %');
    expect(formatPercent(0.99995)).toBe('99.995 %');
    expect(formatPercent(1)).toBe('100 %');
  });
  it('signs changes with a true minus and writes intervals', () => {
    expect(formatChange(1.18)).toBe('+18 %');
    expect(formatChange(0.98)).toBe('\u22122 %');
    expect(formatChange(1)).toBe('0 %');
    expect(formatChangeInterval(1.12, 1.24)).toBe('(+12 … +24)');
    expect(formatChangeInterval(0.94, 1.03)).toBe('(\u22126 … +3)');
    expect(formatChangeInterval(Number.NaN, 1)).toBe('');
    expect(formatPercentInterval(0.994, 0.998)).toBe('(99.4 … 99.8)');
  });
  it('writes durations, ages and short SHAs', () => {
    expect(formatSeconds(45)).toBe('45 s');
    expect(formatSeconds(180)).toBe('3 min');
    expect(formatSeconds(210)).toBe('3 min 30 s');
    expect(formatSeconds(3900)).toBe('1 h 5 min');
    const now = new Date('2026-03-01T12:00:00Z');
    expect(formatAge('2026-03-01T10:00:00Z', now)).toBe('2 h old');
    expect(formatAge('2026-02-26T12:00:00Z', now)).toBe('3 days old');
    expect(formatAge('not a date', now)).toBe('unknown age');
    expect(shortSha('A1B2C3D4E5')).toBe('a1b2c3d');
    expect(shortSha('<script>')).toBe('c');
    expect(shortSha('zzz')).toBeUndefined();
  });
});
