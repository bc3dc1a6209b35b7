import { isLeapYear, isValidDate, num2 } from './dates';

describe('dates', () => {
  it('knows leap years', () => {
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2024)).toBe(true);
  });
  it('validates calendar dates', () => {
    expect(isValidDate(2024, 2, 29)).toBe(true);
    expect(isValidDate(2023, 2, 29)).toBe(false);
    expect(isValidDate(2023, 4, 31)).toBe(false);
    expect(isValidDate(2023, 13, 1)).toBe(false);
    expect(isValidDate(2023, 12, 31)).toBe(true);
  });
  it('reads two digits', () => {
    expect(num2('x42', 1)).toBe(42);
    expect(Number.isNaN(num2('4a', 0))).toBe(true);
  });
});
