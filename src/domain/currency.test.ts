import { describe, expect, it } from 'vitest';
import { isCurrencyCode, minorUnits } from './currency.js';

describe('ISO 4217 currencies', () => {
  it('knows real currencies and their minor units', () => {
    expect(isCurrencyCode('SAR')).toBe(true);
    expect(minorUnits('SAR')).toBe(2);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('AED')).toBe(2);
  });

  it('refuses codes that are not money or do not exist', () => {
    for (const code of ['XYZ', 'XXX', 'XTS', 'XAU', 'sar', 'SA']) {
      expect(isCurrencyCode(code), code).toBe(false);
    }
  });
});
