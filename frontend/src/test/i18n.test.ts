// Money, dates and counts as Ukrainians and English readers write them.
import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatMoneyShort, formatMonth, formatPercent, plural, setLang, sitesLabel, t } from '../i18n';

// Intl puts narrow no-break spaces between groups; compare with plain ones.
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

afterEach(() => setLang('uk'));

describe('in Ukrainian', () => {
  it('writes money in whole hryvnias, grouped by spaces, with the sign after', () => {
    setLang('uk');
    expect(plain(formatMoney(789600000, 'UAH'))).toBe('7 896 000 ₴');
    expect(plain(formatMoney(1250050, 'EUR'))).toBe('12 501 EUR');
    expect(plain(formatMoneyShort(52475400887, 'UAH'))).toBe('524,8 млн ₴');
    // Yen has no minor units.
    expect(plain(formatMoney(5000, 'JPY'))).toBe('5 000 ¥');
  });

  it('writes dates with the month’s name in the genitive', () => {
    setLang('uk');
    expect(formatDate('2024-05-25')).toBe('25 травня 2024 р.');
    expect(formatMonth('2024-05')).toMatch(/^трав\.? 2024/);
    expect(plain(formatPercent(0.473))).toBe('47%');
  });

  it('uses the four plural forms', () => {
    setLang('uk');
    expect(sitesLabel(1)).toBe("1 об'єкт");
    expect(sitesLabel(3)).toBe("3 об'єкти");
    expect(sitesLabel(5)).toBe("5 об'єктів");
    expect(sitesLabel(11)).toBe("11 об'єктів");
    expect(sitesLabel(21)).toBe("21 об'єкт");
    expect(sitesLabel(22)).toBe("22 об'єкти");
    expect(sitesLabel(1.5)).toBe("1,5 об'єкта");
    expect(plural('projects', 2)).toBe('2 проєкти');
    expect(plural('projects', 25)).toBe('25 проєктів');
    expect(plain(plural('projects', 1001))).toBe('1 001 проєкт');
  });
});

describe('in English', () => {
  it('writes money with the code or sign first, grouped by commas', () => {
    setLang('en');
    expect(plain(formatMoney(789600000, 'UAH'))).toBe('UAH 7,896,000');
    expect(formatMoney(1250000, 'EUR')).toBe('€12,500');
    expect(plain(formatMoneyShort(52475400887, 'UAH'))).toBe('UAH 524.8m');
  });

  it('writes dates day, month, year', () => {
    setLang('en');
    expect(formatDate('2024-05-25')).toBe('25 May 2024');
    expect(formatMonth('2024-05')).toBe('May 2024');
  });

  it('has one and other', () => {
    setLang('en');
    expect(sitesLabel(1)).toBe('1 site');
    expect(sitesLabel(3)).toBe('3 sites');
    expect(plural('projects', 21)).toBe('21 projects');
    expect(t('money.summary', { share: '47%' })).toBe('47% of what is needed is committed.');
  });
});
