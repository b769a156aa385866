// The sentence over a money bar, in both languages.
import { afterEach, describe, expect, it } from 'vitest';
import { setLang } from '../i18n';
import { moneySummary } from '../ui/money';

const total = (needed: number, committed: number) => ({ needed, pledged: 0, committed, disbursed: 0, gap: Math.max(needed - committed, 0) });

describe('moneySummary', () => {
  afterEach(() => setLang('uk'));

  it('gives the committed share of what is needed, capped at all of it', () => {
    setLang('en');
    expect(moneySummary(total(400_00, 100_00))).toBe('25% of what is needed is committed.');
    expect(moneySummary(total(400_00, 900_00))).toBe('100% of what is needed is committed.');
    setLang('uk');
    expect(moneySummary(total(400_00, 100_00))).toMatch(/^Зобов'язаннями покрито 25\s?% потрібного\.$/);
  });

  it('says nothing is needed instead of "0% committed" when there is no need (no budget, or cancelled)', () => {
    setLang('en');
    expect(moneySummary(total(0, 0))).toBe('No money is needed here: no budget is recorded, or the work was cancelled.');
    expect(moneySummary(total(0, 500_00))).not.toMatch(/%/);
    setLang('uk');
    expect(moneySummary(total(0, 0))).toBe('Тут не потрібно коштів: кошторису не записано або роботи скасовано.');
  });
});
